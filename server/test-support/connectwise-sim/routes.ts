import { ConditionError } from './conditions.js';
import { cwError, listOf, notFound, type ApiRequest, type ApiResponse, type Route, type RouteContext } from './route-kit.js';
import type { SimAddition, SimulatorData } from './state.js';
import { ticketRoutes } from './ticket-routes.js';

/*
 * The API endpoints the contract lists, answering as ConnectWise does (paths relative to the API base):
 * the company and finance ones here, the service desk's in ticket-routes.ts.
 */

export { cwError, type ApiRequest, type ApiResponse, type RouteContext };

/** An addition as ConnectWise sends it: with its agreement's status (`Addition.agreementStatus` in the spec). */
function visibleAddition(addition: SimAddition, data: SimulatorData): SimAddition & { agreementStatus?: string } {
  const agreement = data.agreement(addition.agreementId);
  return agreement ? { ...addition, agreementStatus: agreement.agreementStatus } : addition;
}

const patchableNumbers = new Set(['quantity', 'unitCost', 'unitPrice', 'lessIncluded']);
const patchableStrings = new Set(['description', 'billCustomer', 'effectiveDate', 'cancelledDate']);

function patchAddition(addition: SimAddition, body: unknown, context: RouteContext): ApiResponse {
  if (!Array.isArray(body) || body.length === 0) {
    return cwError(400, 'InvalidObject', 'The request body must be a non-empty JSON Patch array');
  }
  const updates: Array<[string, unknown]> = [];
  const ignored: string[] = [];
  for (const [index, operation] of body.entries()) {
    const op = (operation as { op?: unknown })?.op;
    const path = (operation as { path?: unknown })?.path;
    const hasValue = operation !== null && typeof operation === 'object' && 'value' in operation;
    const invalid = (message: string) =>
      cwError(400, 'InvalidObject', `Invalid patch operation ${index}: ${message}`, [
        { code: 'InvalidField', message, resource: 'agreementAddition', field: typeof path === 'string' ? path : undefined },
      ]);
    if (typeof op !== 'string' || typeof path !== 'string') return invalid('op and path are required');
    if (op !== 'replace' && op !== 'add') return invalid(`op "${op}" is not supported`);
    if (!hasValue) return invalid('value is required');
    const segments = path.replace(/^\/+/, '').split('/').filter(Boolean);
    const field = segments[0] ?? '';
    if (!patchableNumbers.has(field) && !patchableStrings.has(field)) return invalid(`${field || '(empty)'} cannot be changed`);
    if (segments.length > 1) {
      // ConnectWise's pitfall, reproduced: a sub-path replace is acknowledged with 200 and not applied.
      ignored.push(path);
      continue;
    }
    const value = (operation as { value: unknown }).value;
    if (patchableNumbers.has(field) ? typeof value !== 'number' || !Number.isFinite(value) : typeof value !== 'string') {
      return invalid(`${field} has the wrong type`);
    }
    updates.push([field, value]);
  }
  for (const [field, value] of updates) (addition as unknown as Record<string, unknown>)[field] = value;
  context.recordPatch({
    agreementId: addition.agreementId,
    additionId: addition.id,
    body,
    applied: updates.map(([field]) => field),
    ignored,
  });
  return { status: 200, body: visibleAddition(addition, context.data) };
}

const routes: Route[] = [
  {
    method: 'GET',
    pattern: ['system', 'info'],
    area: 'System > My Company',
    handle: (_request, _params, context) => ({ status: 200, body: context.systemInfo }),
  },
  {
    method: 'GET',
    pattern: ['company', 'companies', 'types'],
    area: 'System > Table Setup',
    table: 'Company / Company Type',
    handle: (request, _params, { data }) => listOf(data.companyTypes, request),
  },
  {
    method: 'GET',
    pattern: ['company', 'companies'],
    area: 'Companies > Company Maintenance',
    handle: (request, _params, { data }) => listOf(data.companies, request),
  },
  {
    method: 'GET',
    pattern: ['company', 'companies', ':id'],
    area: 'Companies > Company Maintenance',
    handle: (_request, [id = 0], { data }) => {
      const company = data.company(id);
      return company ? { status: 200, body: company } : notFound('Company', id);
    },
  },
  {
    method: 'GET',
    pattern: ['finance', 'agreements'],
    area: 'Finance > Agreements',
    handle: (request, _params, { data }) => listOf(data.agreements, request),
  },
  {
    method: 'GET',
    pattern: ['finance', 'agreements', ':id'],
    area: 'Finance > Agreements',
    handle: (_request, [id = 0], { data }) => {
      const agreement = data.agreement(id);
      return agreement ? { status: 200, body: agreement } : notFound('Agreement', id);
    },
  },
  {
    method: 'GET',
    pattern: ['finance', 'agreements', ':id', 'additions'],
    area: 'Finance > Agreements',
    handle: (request, [id = 0], { data }) => {
      if (!data.agreements.some((a) => a.id === id)) return notFound('Agreement', id);
      return listOf(
        data.additions.filter((addition) => addition.agreementId === id).map((addition) => visibleAddition(addition, data)),
        request,
      );
    },
  },
  {
    method: 'GET',
    pattern: ['finance', 'agreements', ':id', 'additions', ':id'],
    area: 'Finance > Agreements',
    handle: (_request, [agreementId = 0, additionId = 0], { data }) => {
      const addition = data.addition(agreementId, additionId);
      return addition ? { status: 200, body: visibleAddition(addition, data) } : notFound('Addition', additionId);
    },
  },
  {
    method: 'PATCH',
    pattern: ['finance', 'agreements', ':id', 'additions', ':id'],
    area: 'Finance > Agreements',
    handle: (request, [agreementId = 0, additionId = 0], context) => {
      const addition = context.data.addition(agreementId, additionId);
      return addition ? patchAddition(addition, request.body, context) : notFound('Addition', additionId);
    },
  },
  {
    method: 'GET',
    pattern: ['service', 'priorities'],
    area: 'System > Table Setup',
    table: 'Service / Priority',
    handle: (request, _params, { data }) => listOf(data.priorities, request),
  },
  {
    method: 'GET',
    pattern: ['service', 'sources'],
    area: 'System > Table Setup',
    table: 'Service / Source',
    handle: (request, _params, { data }) => listOf(data.sources, request),
  },
  {
    method: 'GET',
    pattern: ['service', 'boards'],
    area: 'System > Table Setup',
    table: 'Service / Service Board',
    handle: (request, _params, { data }) => listOf(data.boards, request),
  },
  ...ticketRoutes,
];

export interface ResolvedRoute {
  route: Route;
  params: number[];
}

/** Finds the route for a method and relative path; literal segments win over `:id`. */
export function resolve(method: string, routePath: string): ResolvedRoute | undefined {
  const segments = routePath.split('/').filter(Boolean).map((s) => s.toLowerCase());
  for (const route of routes) {
    if (route.method !== method.toUpperCase() || route.pattern.length !== segments.length) continue;
    const params: number[] = [];
    const ok = route.pattern.every((part, i) => {
      const segment = segments[i] ?? '';
      if (part !== ':id') return part === segment;
      if (!/^\d+$/.test(segment)) return false;
      params.push(Number(segment));
      return true;
    });
    if (ok) return { route, params };
  }
  return undefined;
}

export function handleApi(resolved: ResolvedRoute, request: ApiRequest, context: RouteContext): ApiResponse {
  try {
    return resolved.route.handle(request, resolved.params, context);
  } catch (error) {
    if (error instanceof ConditionError) return cwError(400, 'InvalidObject', `Invalid query: ${error.message}`);
    throw error;
  }
}
