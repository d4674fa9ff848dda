import { ConditionError } from './conditions.js';
import { list } from './listing.js';
import type { PatchRecord, SimAddition, SimTicket, SimulatorData } from './state.js';

/* The API endpoints the contract lists, answering as ConnectWise does (paths relative to the API base). */

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

interface Route {
  method: string;
  pattern: string[];
  /** Security module the route belongs to, for 403 messages. */
  area: string;
  handle(request: ApiRequest, params: number[], context: RouteContext): ApiResponse;
}

export function cwError(status: number, code: string, message: string, errors?: unknown[]): ApiResponse {
  return { status, body: errors ? { code, message, errors } : { code, message } };
}

const notFound = (what: string, id: number) => cwError(404, 'NotFound', `${what} with id ${id} not found`);

function listOf(items: readonly object[], request: ApiRequest): ApiResponse {
  const { body, headers } = list(items, request.query, request.forwardOnly, request.url);
  return { status: 200, body, headers };
}

/** An addition as ConnectWise sends it: with its agreement's status (`Addition.agreementStatus` in the spec). */
function visibleAddition(addition: SimAddition, data: SimulatorData): SimAddition & { agreementStatus?: string } {
  const agreement = data.agreements.find((candidate) => candidate.id === addition.agreementId);
  return agreement ? { ...addition, agreementStatus: agreement.agreementStatus } : addition;
}

function visibleTicket(ticket: SimTicket): Omit<SimTicket, 'initialDescription'> {
  const { initialDescription: _written, ...visible } = ticket;
  return visible;
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

function createTicket(body: unknown, data: SimulatorData): ApiResponse {
  const input = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const errors: Array<{ code: string; message: string; resource: string; field: string }> = [];
  const fail = (code: string, field: string, message: string) => errors.push({ code, message, resource: 'ticket', field });
  const refId = (value: unknown) => (value && typeof value === 'object' ? (value as { id?: unknown }).id : undefined);

  const summary = typeof input.summary === 'string' ? input.summary.trim() : '';
  if (!summary) fail('Required', 'summary', 'Summary is required.');
  else if (summary.length > 100) fail('InvalidField', 'summary', 'Summary cannot be longer than 100 characters.');

  const companyId = refId(input.company);
  const company = typeof companyId === 'number' ? data.company(companyId) : undefined;
  if (companyId === undefined) fail('Required', 'company', 'Company is required.');
  else if (!company || company.deletedFlag) fail('InvalidField', 'company', `Company with id ${String(companyId)} was not found.`);

  const lookup = <T extends { id: number }>(field: string, rows: T[], fallback: T | undefined): T | undefined => {
    const id = refId(input[field]);
    if (id === undefined) return fallback;
    const row = rows.find((candidate) => candidate.id === id);
    if (!row) fail('InvalidField', field, `${field} with id ${String(id)} was not found.`);
    return row;
  };
  const board = lookup('board', data.boards, data.boards.find((b) => !b.inactiveFlag));
  const priority = lookup('priority', data.priorities, data.priorities.find((p) => p.defaultFlag));
  const source = lookup('source', data.sources, undefined);

  const externalXRef = input.externalXRef;
  if (externalXRef !== undefined && (typeof externalXRef !== 'string' || externalXRef.length > 100)) {
    fail('InvalidField', 'externalXRef', 'External reference must be text of at most 100 characters.');
  }
  const requiredDate = input.requiredDate;
  if (requiredDate !== undefined && (typeof requiredDate !== 'string' || Number.isNaN(Date.parse(requiredDate)))) {
    fail('InvalidField', 'requiredDate', 'Required date is not a valid date.');
  }
  if (errors.length > 0 || !company || !board || !priority) {
    return cwError(400, 'InvalidObject', 'ticket object is invalid', errors);
  }

  const ticket: SimTicket = {
    id: data.nextId.ticket++,
    summary,
    company: { id: company.id, identifier: company.identifier, name: company.name },
    board: { id: board.id, name: board.name },
    priority: { id: priority.id, name: priority.name },
    ...(source ? { source: { id: source.id, name: source.name } } : {}),
    status: { id: 1, name: 'New' },
    ...(typeof requiredDate === 'string' ? { requiredDate } : {}),
    ...(typeof externalXRef === 'string' ? { externalXRef } : {}),
    ...(typeof input.initialDescription === 'string' ? { initialDescription: input.initialDescription } : {}),
  };
  data.tickets.push(ticket);
  return { status: 201, body: visibleTicket(ticket) };
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
      const agreement = data.agreements.find((a) => a.id === id);
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
      const addition = data.additions.find((a) => a.id === additionId && a.agreementId === agreementId);
      return addition ? { status: 200, body: visibleAddition(addition, data) } : notFound('Addition', additionId);
    },
  },
  {
    method: 'PATCH',
    pattern: ['finance', 'agreements', ':id', 'additions', ':id'],
    area: 'Finance > Agreements',
    handle: (request, [agreementId = 0, additionId = 0], context) => {
      const addition = context.data.additions.find((a) => a.id === additionId && a.agreementId === agreementId);
      return addition ? patchAddition(addition, request.body, context) : notFound('Addition', additionId);
    },
  },
  {
    method: 'GET',
    pattern: ['service', 'priorities'],
    area: 'System > Table Setup',
    handle: (request, _params, { data }) => listOf(data.priorities, request),
  },
  {
    method: 'GET',
    pattern: ['service', 'sources'],
    area: 'System > Table Setup',
    handle: (request, _params, { data }) => listOf(data.sources, request),
  },
  {
    method: 'GET',
    pattern: ['service', 'boards'],
    area: 'System > Table Setup',
    handle: (request, _params, { data }) => listOf(data.boards, request),
  },
  {
    method: 'GET',
    pattern: ['service', 'tickets'],
    area: 'Service Desk > Service Tickets',
    handle: (request, _params, { data }) => listOf(data.tickets.map(visibleTicket), request),
  },
  {
    method: 'POST',
    pattern: ['service', 'tickets'],
    area: 'Service Desk > Service Tickets',
    handle: (request, _params, { data }) => createTicket(request.body, data),
  },
  {
    method: 'GET',
    pattern: ['service', 'tickets', ':id'],
    area: 'Service Desk > Service Tickets',
    handle: (_request, [id = 0], { data }) => {
      const ticket = data.tickets.find((t) => t.id === id);
      return ticket ? { status: 200, body: visibleTicket(ticket) } : notFound('Ticket', id);
    },
  },
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

export function permissionLevel(method: string): string {
  return method === 'POST' ? 'Add' : method === 'PATCH' || method === 'PUT' ? 'Edit' : method === 'DELETE' ? 'Delete' : 'Inquire';
}

export function handleApi(resolved: ResolvedRoute, request: ApiRequest, context: RouteContext): ApiResponse {
  try {
    return resolved.route.handle(request, resolved.params, context);
  } catch (error) {
    if (error instanceof ConditionError) return cwError(400, 'InvalidObject', `Invalid query: ${error.message}`);
    throw error;
  }
}
