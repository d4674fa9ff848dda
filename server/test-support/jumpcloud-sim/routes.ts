import { randomUUID } from 'node:crypto';
import { insightsServices } from './catalogue.js';
import { FilterError, matches, parseFilters } from './filters.js';
import type { SimEvent, SimOrganization, SimulatorData } from './state.js';

/*
 * The three JumpCloud routes highwater uses, answered from the simulator's data with the public API's
 * paths, parameters, paging and error bodies. Choices JumpCloud does not document are marked UNVERIFIED.
 */

export interface ApiResponse {
  status: number;
  /** JSON-serialised unless a string (sent raw). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiRequest {
  method: string;
  url: URL;
  orgId?: string;
  body?: unknown;
  /** The body was sent but is not JSON. */
  bodyInvalid: boolean;
}

/** v1 and Insights errors are `{message}`. */
export function messageError(status: number, message: string): ApiResponse {
  return { status, body: { message } };
}

/** v2 errors are `{code, message}` (jcapiv2 `Error`). */
export function v2Error(status: number, message: string): ApiResponse {
  return { status, body: { code: status, message } };
}

/** A multi-tenant (provider) key on an org-scoped route without `x-org-id`: seen from Directory Insights. */
export const noOrganizationSelected = messageError(401, 'Unauthorized: no organization selected');

export type RouteName = 'organizations' | 'systemusers' | 'events';

export function routeOf(method: string, pathname: string): { name: RouteName; providerId?: string } | undefined {
  const path = pathname.replace(/\/+$/, '');
  const providers = /^\/api\/v2\/providers\/([^/]+)\/organizations$/.exec(path);
  if (providers && method === 'GET') return { name: 'organizations', providerId: decodeURIComponent(providers[1] ?? '') };
  if (path === '/api/systemusers' && method === 'GET') return { name: 'systemusers' };
  if (path === '/insights/directory/v1/events' && method === 'POST') return { name: 'events' };
  return undefined;
}

type Paging = { limit: number; skip: number } | { error: string };

/** `limit` (default 10, 1–100: "Limited to 100") and `skip` (default 0). */
function paging(params: URLSearchParams): Paging {
  const limitText = params.get('limit');
  const skipText = params.get('skip');
  const limit = limitText === null ? 10 : Number(limitText);
  const skip = skipText === null ? 0 : Number(skipText);
  // UNVERIFIED: whether JumpCloud refuses or clamps a limit above 100; refusing catches a client relying on either.
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return { error: 'limit must be an integer from 1 to 100' };
  if (!Number.isInteger(skip) || skip < 0) return { error: 'skip must be a non-negative integer' };
  return { limit, skip };
}

export function listOrganizations(data: SimulatorData, providerId: string, url: URL): ApiResponse {
  const organizations = data.providers.get(providerId);
  // UNVERIFIED: JumpCloud may answer 403 ("You must be associated with the provider") rather than 404.
  if (!organizations) return v2Error(404, 'Provider not found');
  const page = paging(url.searchParams);
  if ('error' in page) return v2Error(400, page.error);
  const results = organizations.slice(page.skip, page.skip + page.limit).map(organizationView);
  return { status: 200, body: { results, totalCount: organizations.length } };
}

function organizationView(org: SimOrganization): Record<string, unknown> {
  return { id: org.id, name: org.name, ...(org.maxSystemUsers === undefined ? {} : { maxSystemUsers: org.maxSystemUsers }) };
}

/** JumpCloud ids are MongoDB object ids: 24 hex digits. */
const objectIdPattern = /^[0-9a-f]{24}$/i;

/**
 * `x-org-id` as JumpCloud's "Multi-Tenant Portal Headers" describe it: a multi-tenant admin (the
 * simulator's key is always a provider's) must send it (401), a malformed id is 400, an unknown one 404.
 * Directory Insights takes the header several times (node joins repeats with ", ").
 */
function organizationsOf(data: SimulatorData, header: string | undefined, several: boolean): { orgIds: string[] } | ApiResponse {
  if (!header) return noOrganizationSelected;
  const orgIds = several ? header.split(',').map((id) => id.trim()) : [header.trim()];
  if (orgIds.some((id) => !objectIdPattern.test(id))) return messageError(400, 'Malformed ID');
  // UNVERIFIED: the message; the status is the documented "404 Organization ID Not Found".
  if (orgIds.some((id) => !data.organization(id))) return messageError(404, 'Organization not found');
  return { orgIds };
}

export function listSystemUsers(data: SimulatorData, request: ApiRequest): ApiResponse {
  const selected = organizationsOf(data, request.orgId, false);
  if (!('orgIds' in selected)) return selected;
  const org = data.requireOrganization(selected.orgIds[0]!);
  const page = paging(request.url.searchParams);
  if ('error' in page) return messageError(400, page.error);
  let filters;
  try {
    filters = parseFilters(request.url.searchParams);
  } catch (error) {
    if (error instanceof FilterError) return messageError(400, error.message);
    throw error;
  }
  const matching = org.users.filter((user) => matches(user, filters));
  return { status: 200, body: { totalCount: matching.length, results: matching.slice(page.skip, page.skip + page.limit) } };
}

const knownServices = new Set<string>(insightsServices);
export const defaultEventLimit = 1000;
export const maxEventLimit = 10_000;
/** RFC 3339 date-time: `yyyy-mm-ddTHH:mm:ss[.fraction](Z|±hh:mm)`. */
const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

interface EventQuery {
  services: string[];
  start: number;
  end?: number;
  limit: number;
  descending: boolean;
  searchAfter?: [number, string];
}

function rfc3339Time(value: unknown): number {
  return typeof value === 'string' && rfc3339.test(value) ? Date.parse(value) : NaN;
}

/** The body of an events query, checked as the reference describes (`EventQuery`). */
function eventQuery(body: unknown, now: number): EventQuery | string {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'request body must be a JSON object';
  const query = body as Record<string, unknown>;
  const service = query.service;
  // "If you specify an invalid or unknown value for "service", the system responds with the list of supported values."
  if (!Array.isArray(service) || service.length === 0 || !service.every((s) => typeof s === 'string' && knownServices.has(s))) {
    return `service is required; supported values: ${insightsServices.join(', ')}`;
  }
  const start = rfc3339Time(query.start_time);
  if (Number.isNaN(start)) return 'start_time is required, an RFC3339 date-time (e.g. 2020-01-01T14:00:00Z)';
  if (start > now) return 'start_time is in the future';
  let end: number | undefined;
  if (query.end_time !== undefined) {
    end = rfc3339Time(query.end_time);
    if (Number.isNaN(end)) return 'end_time must be an RFC3339 date-time';
    if (end < start) return 'end_time is before start_time';
  }
  // "any nonsensical values for the limit field will cause the system to return the default row count"
  const limit =
    typeof query.limit === 'number' && Number.isInteger(query.limit) && query.limit >= 1 && query.limit <= maxEventLimit ? query.limit : defaultEventLimit;
  // "Nonsensical/missing sort directives cause the system to default to ascending order, silently. [...] not case sensitive."
  const descending = typeof query.sort === 'string' && query.sort.toUpperCase() === 'DESC';
  let searchAfter: [number, string] | undefined;
  if (query.search_after !== undefined) {
    const value = query.search_after;
    // The schema types the items as strings; the documented header value is [number, string]. Both are taken.
    const time = Array.isArray(value) ? Number(value[0]) : NaN;
    if (!Array.isArray(value) || value.length !== 2 || Number.isNaN(time) || typeof value[1] !== 'string') {
      return 'search_after must be the value of an earlier X-Search_after header';
    }
    searchAfter = [time, value[1]];
  }
  return { services: service as string[], start, end, limit, descending, searchAfter };
}

function sortKey(event: SimEvent): [number, string] {
  return [Date.parse(event.timestamp), event.id];
}

function compareKeys(a: [number, string], b: [number, string]): number {
  return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
}

/**
 * `POST /insights/directory/v1/events`: events of the `x-org-id` organizations in [start_time, end_time),
 * sorted by (timestamp, id) — ascending unless `sort` is DESC — after `search_after`, at most `limit`.
 * Every answer carries `X-Result-Count`, `X-Limit`, `X-Sort`, `X-Search_after` and `X-Request-Id`.
 */
export function queryEvents(data: SimulatorData, request: ApiRequest, now = Date.now()): ApiResponse {
  const selected = organizationsOf(data, request.orgId, true);
  if (!('orgIds' in selected)) return selected;
  if (request.bodyInvalid) return messageError(400, 'request body is not valid JSON');
  const query = eventQuery(request.body, now);
  if (typeof query === 'string') return messageError(400, query);

  const everyService = query.services.includes('all');
  const direction = query.descending ? -1 : 1;
  const selectedEvents = data.events
    .filter((event) => selected.orgIds.includes(event.organization))
    .filter((event) => everyService || query.services.includes(event.service))
    .filter((event) => {
      const at = Date.parse(event.timestamp);
      return at >= query.start && (query.end === undefined || at < query.end);
    })
    .sort((a, b) => direction * compareKeys(sortKey(a), sortKey(b)))
    .filter((event) => !query.searchAfter || direction * compareKeys(sortKey(event), query.searchAfter) > 0)
    .slice(0, query.limit);

  const last = selectedEvents.at(-1);
  return {
    status: 200,
    body: selectedEvents,
    headers: {
      'X-Result-Count': String(selectedEvents.length),
      'X-Limit': String(query.limit),
      'X-Sort': query.descending ? 'DESC' : 'ASC',
      // "The header always returns X-Search_after values, even when no further pages of data exist."
      // UNVERIFIED: what it holds for an empty page; the simulator repeats the position it was given.
      'X-Search_after': JSON.stringify(last ? sortKey(last) : (query.searchAfter ?? [])),
      'X-Request-Id': randomUUID(),
    },
  };
}
