import { list } from './listing.js';
import type { PatchRecord, SimulatorData } from './state.js';

/* What every simulated ConnectWise route is made of: the request, the answer, and ConnectWise's error body. */

export interface ApiRequest {
  method: string;
  /** Relative to the API base, no leading slash. */
  route: string;
  query: Record<string, string>;
  body: unknown;
  forwardOnly: boolean;
  url: URL;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteContext {
  data: SimulatorData;
  recordPatch(record: PatchRecord): void;
  systemInfo: { version: string; isCloud: boolean; serverTimeZone: string; cloudRegion: string };
}

export interface Route {
  method: string;
  pattern: string[];
  /** Security module › function the route belongs to, for 403 messages and role-style denials. */
  area: string;
  /** For "System > Table Setup" routes: the setup table read (names partly unverified, see src/connectwise/permissions.ts). */
  table?: string;
  handle(request: ApiRequest, params: number[], context: RouteContext): ApiResponse;
}

export function cwError(status: number, code: string, message: string, errors?: unknown[]): ApiResponse {
  return { status, body: errors ? { code, message, errors } : { code, message } };
}

export const notFound = (what: string, id: number) => cwError(404, 'NotFound', `${what} with id ${id} not found`);

export function listOf(items: readonly object[], request: ApiRequest): ApiResponse {
  const { body, headers } = list(items, request.query, request.forwardOnly, request.url);
  return { status: 200, body, headers };
}

