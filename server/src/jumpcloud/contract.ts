import { z } from 'zod';

/*
 * What highwater knows about JumpCloud's public API, in one place. Sources: the generated SDKs'
 * documentation (TheJumpCloud/jcapi-python, jcapi-go and jcapi-powershell: jcapiv1/jcapiv2 models and
 * the Directory Insights SDK) and JumpCloud's own Directory Insights serverless app.
 *
 * Verified there:
 * - `x-api-key` authenticates every call; `x-org-id` selects the organization for org-scoped calls.
 * - `GET /api/v2/providers/{provider_id}/organizations` takes `limit` (default 10, "Limited to 100") and
 *   `skip`, and answers `{results: [{id, name, maxSystemUsers}], totalCount}`.
 * - `GET /api/systemusers` (v1) takes `limit`, `skip`, `filter` and answers `{results, totalCount}`.
 *   `filter` is an array sent as repeated parameters (`collectionFormat: multi`), the terms ANDed; a
 *   term is `<field>:<operator>:<value>` with the operators `$eq $ne $gt $gte $lt $lte` (no `$in`/`$nin`);
 *   leaving out the `$` is "undefined behavior".
 * - User `state` is one of STAGED | ACTIVATED | SUSPENDED.
 * - `POST /insights/directory/v1/events` on api.jumpcloud.com takes `{service: [...], start_time,
 *   end_time?, limit?, sort?: 'ASC'|'DESC', search_after?, search_term?}` and answers a JSON array of
 *   events, oldest first by default. The next page's position comes back in the `X-Search_after` header
 *   as a JSON array (e.g. `[1576181718000,"DZrPyW8BNsa9iKWoOm7h"]`), on every page; `X-Result-Count`
 *   equal to `X-Limit` means another page may follow. JumpCloud says not to hold on to an
 *   `X-Search_after` value: it is good for the next page of the same query only, never across queries.
 *   Page size: 1000 rows by default, at most 10,000; nonsensical `limit`s get the default.
 * - Error bodies carry `message` (v1 `{message}`, v2 `{code, message, fields?}`); a multi-tenant key
 *   without `x-org-id` gets 401 `{"message":"Unauthorized: no organization selected"}` from Insights.
 *
 * UNVERIFIED (our best reading; check here first when the real API disagrees):
 * - Directory Insights needs `x-org-id` for a provider's (multi-tenant) key: the reference shows MSP
 *   requests with it, and v1 documents 401 for a multi-tenant admin without it.
 * - The v1 operator list: the v1 spec declares `filter` (array, `collectionFormat: multi`) but its text
 *   lists no operators; `$eq $ne $gt $gte $lt $lte` is JumpCloud's filter documentation as we have it.
 * - Whether JumpCloud sends `Retry-After` with 429; we honour it when present.
 * - The organizations list is paged without `sort`: JumpCloud advises sorting by a unique field when
 *   paging with `skip`, but which sort fields the v2 provider route accepts is not documented, and an
 *   unknown one could fail every call. The iterator drops duplicate ids instead.
 * - The status for an unknown provider or an `x-org-id` the key cannot use (we map whatever comes).
 */

export const defaultConsoleBaseUrl = 'https://console.jumpcloud.com';
export const defaultInsightsBaseUrl = 'https://api.jumpcloud.com';

export const jumpCloudPaths = {
  providerOrganizations: (providerId: string) => `/api/v2/providers/${encodeURIComponent(providerId)}/organizations`,
  systemUsers: '/api/systemusers',
  directoryEvents: '/insights/directory/v1/events',
} as const;

export const jumpCloudHeaders = {
  apiKey: 'x-api-key',
  orgId: 'x-org-id',
  /** Response headers of the Directory Insights events query (node lower-cases header names). */
  searchAfter: 'x-search_after',
  resultCount: 'x-result-count',
  limit: 'x-limit',
} as const;

/** The v2 list endpoints' maximum `limit`. */
export const maxListPageSize = 100;
export const defaultEventPageSize = 1000;
export const maxEventPageSize = 10_000;

/** `EventServiceTimeQuery.service` values (the spec's enum). */
export const directoryInsightsServices = [
  'alerts',
  'all',
  'directory',
  'ldap',
  'mdm',
  'notifications',
  'object_storage',
  'password_manager',
  'radius',
  'reports',
  'saas_app_management',
  'software',
  'sso',
  'systems',
  'access_management',
  'asset_management',
] as const;

/** The v1 filter operators JumpCloud documents. */
export type V1FilterOperator = '$eq' | '$ne' | '$gt' | '$gte' | '$lt' | '$lte';

/** One v1 filter term, e.g. `state:$ne:SUSPENDED`. */
export function v1Filter(field: string, operator: V1FilterOperator, value: string): string {
  return `${field}:${operator}:${value}`;
}

/** An error body, as loosely as JumpCloud's v1, v2 and Insights APIs send them. */
export const errorBodySchema = z.looseObject({
  message: z.string().optional(),
  error: z.string().optional(),
  code: z.union([z.number(), z.string()]).optional(),
  status: z.string().optional(),
});

/** JumpCloud's error message from a non-2xx body, if it has one. */
export function errorMessageOf(bodyText: string): string | undefined {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(bodyText));
    if (!parsed.success) return undefined;
    return parsed.data.message ?? parsed.data.error;
  } catch {
    // Load balancers and proxies answer in HTML or plain text; the status alone decides then.
    const text = bodyText.trim();
    return text && text.length <= 200 && !text.startsWith('<') ? text : undefined;
  }
}
