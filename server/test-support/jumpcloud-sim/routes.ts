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

export function listSystemUsers(data: SimulatorData, request: ApiRequest): ApiResponse {
  if (!request.orgId) return noOrganizationSelected;
  const org = data.organization(request.orgId);
  // UNVERIFIED: the status JumpCloud gives an x-org-id the key cannot use.
  if (!org) return messageError(404, 'Organization not found');
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

const knownServices = new Set([
  'all',
  'directory',
  'sso',
  'systems',
  'radius',
  'ldap',
  'mdm',
  'password_manager',
  'software',
  'alerts',
]);

interface EventQuery {
  services: string[];
  start: number;
  end?: number;
  limit: number;
  descending: boolean;
  searchAfter?: [number, string];
}

function eventQuery(body: unknown): EventQuery | string {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'request body must be a JSON object';
  const query = body as Record<string, unknown>;
  const service = query.service;
  const known = (s: unknown) => typeof s === 'string' && knownServices.has(s);
  if (!Array.isArray(service) || service.length === 0 || !service.every(known)) {
    return 'service is required: a list of known services (e.g. ["all"])';
  }
  const start = typeof query.start_time === 'string' ? Date.parse(query.start_time) : NaN;
  if (Number.isNaN(start)) return 'start_time is required, in RFC3339 format';
  let end: number | undefined;
  if (query.end_time !== undefined) {
    end = typeof query.end_time === 'string' ? Date.parse(query.end_time) : NaN;
    if (Number.isNaN(end)) return 'end_time must be in RFC3339 format';
  }
  // UNVERIFIED: default 1000 and maximum 10,000 come from integrators' notes.
  const limit = query.limit === undefined ? 1000 : query.limit;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    return 'limit must be an integer from 1 to 10000';
  }
  const sort = query.sort === undefined ? 'DESC' : query.sort; // UNVERIFIED default: newest first
  if (sort !== 'ASC' && sort !== 'DESC') return 'sort must be ASC or DESC';
  let searchAfter: [number, string] | undefined;
  if (query.search_after !== undefined) {
    const value = query.search_after;
    if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'number' || typeof value[1] !== 'string') {
      return 'search_after must be the value of an earlier X-Search_after header';
    }
    searchAfter = [value[0], value[1]];
  }
  return { services: service as string[], start, end, limit, descending: sort === 'DESC', searchAfter };
}

function sortKey(event: SimEvent): [number, string] {
  return [Date.parse(event.timestamp), event.id];
}

function compareKeys(a: [number, string], b: [number, string]): number {
  return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
}

/**
 * `POST /insights/directory/v1/events`: events of the `x-org-id` organization in [start_time, end_time),
 * sorted by (timestamp, id), after `search_after`, at most `limit`. The page's last sort key goes back in
 * `X-Search_after`, with `X-Result-Count` and `X-Limit`.
 */
export function queryEvents(data: SimulatorData, request: ApiRequest): ApiResponse {
  if (!request.orgId) return noOrganizationSelected;
  if (!data.organization(request.orgId)) return messageError(404, 'Organization not found');
  if (request.bodyInvalid) return messageError(400, 'request body is not valid JSON');
  const query = eventQuery(request.body);
  if (typeof query === 'string') return messageError(400, query);

  const everyService = query.services.includes('all');
  const direction = query.descending ? -1 : 1;
  const selected = data.events
    .filter((event) => event.organization === request.orgId)
    .filter((event) => everyService || query.services.includes(event.service))
    .filter((event) => {
      const at = Date.parse(event.timestamp);
      return at >= query.start && (query.end === undefined || at < query.end);
    })
    .sort((a, b) => direction * compareKeys(sortKey(a), sortKey(b)))
    .filter((event) => !query.searchAfter || direction * compareKeys(sortKey(event), query.searchAfter) > 0)
    .slice(0, query.limit);

  const headers: Record<string, string> = {
    'X-Result-Count': String(selected.length),
    'X-Limit': String(query.limit),
  };
  const last = selected.at(-1);
  // UNVERIFIED: whether JumpCloud also sends the cursor on a short last page; the simulator does.
  if (last) headers['X-Search_after'] = JSON.stringify(sortKey(last));
  return { status: 200, body: selected, headers };
}
