import { z } from 'zod';
import { describeIssues, numericId, readRows, type ListResult, type SkippedRow } from '../vendor-kit/rows.js';
import type { OutboundProxySettings } from '../shared/outbound-proxy.js';
import * as cond from './conditions.js';
import { clearConnectWiseDiscoveryCache, discoverCompany } from './discovery.js';
import { ConnectWiseError, isConnectWiseError } from './errors.js';
import { headerValue, Transport, type ConnectWiseLogger, type RetryPolicy, type TransportObserver, type TransportResponse } from './http.js';
import { parseLinkHeader } from './link-header.js';
import type { ProbeListing } from './permissions.js';
import {
  additionPatchSchema,
  additionSchema,
  agreementSchema,
  boardOptionSchema,
  boardSchema,
  boardStatusSchema,
  companySchema,
  companyTypeSchema,
  createTicketInputSchema,
  prioritySchema,
  sourceSchema,
  systemInfoSchema,
  ticketNoteInputSchema,
  ticketNoteSchema,
  ticketSchema,
  type Addition,
  type AdditionPatch,
  type Agreement,
  type Board,
  type BoardOption,
  type BoardStatus,
  type Company,
  type CompanyInfo,
  type CompanyType,
  type CreateTicketInput,
  type Priority,
  type Source,
  type SystemInfo,
  type Ticket,
  type TicketNote,
  type TicketNoteInput,
} from './schemas.js';

export { clearConnectWiseDiscoveryCache };

export interface ConnectWiseCredentials {
  /** Host (and optional port) without scheme, e.g. `api-na.myconnectwise.net`. */
  site: string;
  companyId: string;
  publicKey: string;
  privateKey: string;
}

export interface ConnectWiseClientOptions {
  /** Our integration's GUID from ConnectWise's developer portal; sent as the `clientId` header. */
  clientId: string;
  /** Extra trusted CA (PEM), added to the system roots: the simulator's, an on-premise private CA, or a TLS-inspecting proxy's. */
  ca?: string | Buffer;
  /** The outbound proxy (HTTPS_PROXY, NO_PROXY); absent: direct. */
  proxy?: OutboundProxySettings;
  /** Per attempt, covering connect, headers and body. Default 30 s. */
  timeoutMs?: number;
  /** Requests in flight at once through this client. Default 16. */
  maxConcurrency?: number;
  /** ConnectWise throttles integrations above ~1,000/minute. Default 1000. */
  maxRequestsPerMinute?: number;
  /** Attempts per call including the first. Default 4. */
  maxAttempts?: number;
  /** First retry waits about this long, doubling each time. Default 500 ms. */
  retryBaseDelayMs?: number;
  /** Default 10 s. */
  retryMaxDelayMs?: number;
  /** A Retry-After above this is not waited out; the 429 surfaces instead. Default 60 s. */
  maxRetryAfterSeconds?: number;
  logger?: ConnectWiseLogger;
  /** Told of every request and retry (metrics); sees routes without ids, never keys. */
  observer?: TransportObserver;
}

export type Paging = 'link' | 'forward-only';

export interface CompanyFilter {
  /** Companies having any of these company types; empty or absent means all types. */
  typeIds?: readonly number[];
  /** Case-insensitive substring of the company name, matched by ConnectWise. */
  search?: string;
}

export interface PageRequest extends CompanyFilter {
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export type { ListResult, SkippedRow };

export interface Page<T> extends ListResult<T> {
  page: number;
  pageSize: number;
  hasNextPage: boolean;
}

export interface CompanyIterationOptions extends CompanyFilter {
  paging?: Paging;
  pageSize?: number;
  /** Told of each company row that could not be read and was skipped. */
  onSkipped?: (row: SkippedRow) => void;
}

/** ConnectWise's maximum, and the fewest round trips for a full listing. */
const maxPageSize = 1000;
/** ConnectWise refuses URLs of 2,000 characters or more. */
const maxUrlLength = 2000;
const acceptHeader = 'application/vnd.connectwise.com+json; version=2025.8';

type Query = Record<string, string | number | undefined>;

/** A list body: an array, its rows checked one at a time (see `readRows`). */
const rowsSchema = z.array(z.unknown());
/** A body read as is, checked by the caller (built once: a zod schema costs more to make than to use). */
const anyBody = z.unknown();
const ticketListSchema = z.array(ticketSchema);

interface CallOptions<T> {
  method: 'GET' | 'POST' | 'PATCH';
  url: URL;
  schema: z.ZodType<T>;
  body?: unknown;
  headers?: Record<string, string>;
  retry: RetryPolicy;
}

/**
 * Typed access to one ConnectWise Manage company through its REST API. Knows nothing of highwater's
 * entities or configuration. Every method may throw `ConnectWiseError`.
 */
/** Ticket ids per `ticketsById` request: the conditions string stays short. */
export const MAX_TICKETS_PER_READ = 25;

export class ConnectWiseClient {
  readonly site: string;
  private readonly companyId: string;
  private readonly authHeaders: Record<string, string>;
  private readonly transport: Transport;
  private readonly logger?: ConnectWiseLogger;

  constructor(credentials: ConnectWiseCredentials, options: ConnectWiseClientOptions) {
    this.site = normaliseSite(credentials.site);
    this.companyId = credentials.companyId.trim();
    const login = `${this.companyId}+${credentials.publicKey}:${credentials.privateKey}`;
    const basic = Buffer.from(login).toString('base64');
    this.logger = options.logger;
    this.authHeaders = { authorization: `Basic ${basic}`, clientid: options.clientId, accept: acceptHeader };
    this.transport = new Transport({
      ca: options.ca,
      proxy: options.proxy,
      timeoutMs: options.timeoutMs ?? 30_000,
      maxConcurrency: options.maxConcurrency ?? 16,
      maxRequestsPerMinute: options.maxRequestsPerMinute ?? 1000,
      maxAttempts: options.maxAttempts ?? 4,
      retryBaseDelayMs: options.retryBaseDelayMs ?? 500,
      retryMaxDelayMs: options.retryMaxDelayMs ?? 10_000,
      maxRetryAfterSeconds: options.maxRetryAfterSeconds ?? 60,
      logger: options.logger,
      observer: options.observer,
      // Short strings would scrub innocent text; real keys are 16 characters.
      secrets: [login, basic, credentials.privateKey, credentials.publicKey].filter((secret) => secret.length >= 4),
    });
  }

  /** Codebase discovery (cached per site and company); also a cheap "is the site and company ID right" check. */
  companyInfo(): Promise<CompanyInfo> {
    return discoverCompany(this.transport, this.site, this.companyId);
  }

  /** Verifies the keys: the cheapest authenticated call. */
  async systemInfo(): Promise<SystemInfo> {
    return this.get('system/info', {}, systemInfoSchema);
  }

  /** Company types; a row that cannot be read is left out (and logged). */
  async companyTypes(): Promise<CompanyType[]> {
    return (await this.collect('company/companies/types', { orderBy: 'name asc' }, companyTypeSchema)).items;
  }

  /**
   * Every non-deleted company matching the filter, fetched a page at a time as the caller consumes them.
   * Rows that cannot be read are skipped, logged and passed to `onSkipped`.
   */
  async *iterateCompanies(options: CompanyIterationOptions = {}): AsyncGenerator<Company> {
    const query = { ...companyQuery(options), orderBy: 'id asc' };
    for await (const page of this.pages('company/companies', query, companySchema, options)) {
      for (const row of page.skipped) options.onSkipped?.(row);
      yield* page.items;
    }
  }

  /** One page for a picker: ordered by name, `hasNextPage` from ConnectWise's Link header. */
  async companiesPage(request: PageRequest = {}): Promise<Page<Company>> {
    const page = Math.max(1, Math.trunc(request.page ?? 1));
    const pageSize = clampPageSize(request.pageSize ?? 50);
    const url = await this.url('company/companies', { ...companyQuery(request), orderBy: 'name asc', page, pageSize });
    const { data, response } = await this.call({ method: 'GET', url, schema: rowsSchema, retry: 'idempotent' });
    const link = headerValue(response.headers, 'link');
    const hasNextPage = link ? parseLinkHeader(link).has('next') : data.length === pageSize;
    return { ...this.readRows(url, data, companySchema, (page - 1) * pageSize), page, pageSize, hasNextPage };
  }

  /**
   * The company's agreements that are not cancelled, whatever their `agreementStatus` (Active, Expired,
   * Inactive…): callers decide what they offer.
   */
  async agreements(companyId: number): Promise<ListResult<Agreement>> {
    const conditions = cond.and(cond.equalsId('company/id', companyId), cond.equalsBoolean('cancelledFlag', false));
    return this.collect('finance/agreements', { conditions, orderBy: 'name asc' }, agreementSchema);
  }

  async additions(agreementId: number): Promise<ListResult<Addition>> {
    return this.collect(`finance/agreements/${id(agreementId)}/additions`, { orderBy: 'id asc' }, additionSchema);
  }

  /** One addition; one that does not match the spec's shape fails with `bad-response` naming the fields. */
  async addition(agreementId: number, additionId: number): Promise<Addition> {
    const url = await this.url(`finance/agreements/${id(agreementId)}/additions/${id(additionId)}`, {});
    const { data, response } = await this.call({ method: 'GET', url, schema: anyBody, retry: 'idempotent' });
    const parsed = additionSchema.safeParse(data);
    if (!parsed.success) {
      throw new ConnectWiseError('bad-response', `ConnectWise's product addition ${additionId} could not be read (${describeIssues(parsed.error)})`, {
        method: 'GET',
        path: url.pathname,
        status: response.status,
      });
    }
    return parsed.data;
  }

  /**
   * Sets quantity and/or unit cost. Whole top-level fields are replaced: ConnectWise answers 200 to a
   * sub-path replace (e.g. `/quantity/value`) without applying it.
   */
  async patchAddition(agreementId: number, additionId: number, patch: AdditionPatch): Promise<Addition> {
    const parsed = additionPatchSchema.safeParse(patch);
    if (!parsed.success) {
      throw new ConnectWiseError('bad-request', `Invalid addition patch: ${describeIssues(parsed.error)}`);
    }
    const operations = Object.entries(parsed.data)
      .filter(([, value]) => value !== undefined)
      .map(([path, value]) => ({ op: 'replace', path, value }));
    const url = await this.url(`finance/agreements/${id(agreementId)}/additions/${id(additionId)}`, {});
    // Idempotent: replacing a field with the same value twice leaves the same state, so 5xx is retried.
    const { data } = await this.call({ method: 'PATCH', url, body: operations, schema: additionSchema, retry: 'idempotent' });
    return data;
  }

  // Lookup tables for ticket settings: a row that cannot be read is left out (and logged).
  async priorities(): Promise<Priority[]> {
    return (await this.collect('service/priorities', { orderBy: 'sortOrder asc' }, prioritySchema)).items;
  }

  async sources(): Promise<Source[]> {
    return (await this.collect('service/sources', { orderBy: 'name asc' }, sourceSchema)).items;
  }

  async boards(): Promise<Board[]> {
    return (await this.collect('service/boards', { orderBy: 'name asc' }, boardSchema)).items;
  }

  /** The board's statuses in ConnectWise's order; `closedStatus` ones close a ticket. 404 (`not-found`) for an unknown board. */
  async boardStatuses(boardId: number): Promise<BoardStatus[]> {
    return (await this.collect(`service/boards/${id(boardId)}/statuses`, { orderBy: 'sortOrder asc' }, boardStatusSchema)).items;
  }

  // A board's types, subtypes and items: ConnectWise routes our spec subset leaves out (read leniently).
  async boardTypes(boardId: number): Promise<BoardOption[]> {
    return (await this.collect(`service/boards/${id(boardId)}/types`, { orderBy: 'name asc' }, boardOptionSchema)).items;
  }

  async boardSubTypes(boardId: number): Promise<BoardOption[]> {
    return (await this.collect(`service/boards/${id(boardId)}/subtypes`, { orderBy: 'name asc' }, boardOptionSchema)).items;
  }

  async boardItems(boardId: number): Promise<BoardOption[]> {
    return (await this.collect(`service/boards/${id(boardId)}/items`, { orderBy: 'name asc' }, boardOptionSchema)).items;
  }

  /**
   * Creates a service ticket. Retried only on 429 (ConnectWise rejected it unprocessed): after a 5xx or a
   * dropped connection the ticket may exist, so the caller checks `findTicketByExternalXRef` before trying
   * again rather than risk a duplicate.
   */
  async createTicket(input: CreateTicketInput): Promise<Ticket> {
    const parsed = createTicketInputSchema.safeParse(input);
    if (!parsed.success) throw new ConnectWiseError('bad-request', `Invalid ticket: ${describeIssues(parsed.error)}`);
    const ticket = parsed.data;
    const body = {
      summary: ticket.summary,
      company: { id: ticket.companyId },
      board: ticket.boardId === undefined ? undefined : { id: ticket.boardId },
      status: ticket.statusId === undefined ? undefined : { id: ticket.statusId },
      type: ticket.typeId === undefined ? undefined : { id: ticket.typeId },
      subType: ticket.subTypeId === undefined ? undefined : { id: ticket.subTypeId },
      item: ticket.itemId === undefined ? undefined : { id: ticket.itemId },
      priority: ticket.priorityId === undefined ? undefined : { id: ticket.priorityId },
      source: ticket.sourceId === undefined ? undefined : { id: ticket.sourceId },
      requiredDate: ticket.requiredDate,
      initialDescription: ticket.initialDescription,
      externalXRef: ticket.externalXRef,
    };
    const url = await this.url('service/tickets', {});
    const { data } = await this.call({ method: 'POST', url, body, schema: ticketSchema, retry: 'rejected-only' });
    return data;
  }

  /** The oldest ticket carrying this external reference, or null. */
  async findTicketByExternalXRef(externalXRef: string): Promise<Ticket | null> {
    const query = { conditions: cond.equalsString('externalXRef', externalXRef), orderBy: 'id asc', pageSize: 1 };
    const url = await this.url('service/tickets', query);
    const { data } = await this.call({ method: 'GET', url, schema: ticketListSchema, retry: 'idempotent' });
    return data[0] ?? null;
  }

  /** One ticket, or null when ConnectWise has none with that id (deleted). */
  async ticket(ticketId: number): Promise<Ticket | null> {
    try {
      return await this.get(`service/tickets/${id(ticketId)}`, {}, ticketSchema);
    } catch (error) {
      if (isConnectWiseError(error, 'not-found')) return null;
      throw error;
    }
  }

  /**
   * Several tickets in one request (`id=1 or id=2 …`, at most MAX_TICKETS_PER_READ), by id. A ticket
   * ConnectWise does not list is absent: deleted, or outside the API member's view — callers that must
   * know which read it alone (`ticket`).
   */
  async ticketsById(ticketIds: readonly number[]): Promise<Map<number, Ticket>> {
    const unique = [...new Set(ticketIds.map((ticketId) => Number(id(ticketId))))];
    if (unique.length === 0) return new Map();
    if (unique.length > MAX_TICKETS_PER_READ) throw new ConnectWiseError('bad-request', `read at most ${MAX_TICKETS_PER_READ} tickets at a time`);
    const conditions = unique.map((ticketId) => cond.equalsId('id', ticketId)).join(' or ');
    const { items } = await this.collect('service/tickets', { conditions, orderBy: 'id asc' }, ticketSchema);
    return new Map(items.filter((ticket) => unique.includes(ticket.id)).map((ticket) => [ticket.id, ticket]));
  }

  /**
   * Adds a note to a ticket (a discussion note when no flag is set; see `ticketNoteInputSchema`).
   * ConnectWise accepts notes on closed tickets too. Retried only on 429, like `createTicket`: after a
   * 5xx or a dropped connection the note may exist, so the caller looks for it with `findTicketNote`.
   * A deleted ticket fails with `not-found`.
   */
  async addTicketNote(ticketId: number, note: TicketNoteInput): Promise<TicketNote> {
    const parsed = ticketNoteInputSchema.safeParse(note);
    if (!parsed.success) throw new ConnectWiseError('bad-request', `Invalid ticket note: ${describeIssues(parsed.error)}`);
    const input = parsed.data;
    const flagged = input.detailDescriptionFlag === true || input.internalAnalysisFlag === true || input.resolutionFlag === true;
    const body = { ...input, ...(flagged ? {} : { detailDescriptionFlag: true }) };
    const url = await this.url(`service/tickets/${id(ticketId)}/notes`, {});
    const { data } = await this.call({ method: 'POST', url, body, schema: ticketNoteSchema, retry: 'rejected-only' });
    return data;
  }

  /**
   * The oldest note on the ticket whose text contains `marker` (case-sensitive), or null. Reads every
   * page until it finds one, filtering here: whether ConnectWise can filter notes by text is not
   * documented. A deleted ticket fails with `not-found`.
   */
  async findTicketNote(ticketId: number, marker: string): Promise<TicketNote | null> {
    if (!marker) throw new ConnectWiseError('bad-request', 'A note marker must not be empty');
    for await (const page of this.pages(`service/tickets/${id(ticketId)}/notes`, { orderBy: 'id asc' }, ticketNoteSchema, {})) {
      const found = page.items.find((note) => note.text?.includes(marker));
      if (found) return found;
    }
    return null;
  }

  /**
   * Moves a ticket to a status of its board. A closed status needs the API member's "Service Desk >
   * Close Service Tickets" permission: without it ConnectWise answers 403 (`forbidden`, `permission`
   * naming it). Idempotent, so a 5xx is retried.
   */
  async setTicketStatus(ticketId: number, statusId: number): Promise<Ticket> {
    const url = await this.url(`service/tickets/${id(ticketId)}`, {});
    // A whole top-level field, as in patchAddition: ConnectWise acknowledges sub-path replaces without applying them.
    const operations = [{ op: 'replace', path: 'status', value: { id: Number(id(statusId)) } }];
    const { data } = await this.call({ method: 'PATCH', url, body: operations, schema: ticketSchema, retry: 'idempotent' });
    return data;
  }

  /**
   * Whether the API member may read a listing: one row of it (`pageSize=1`), nothing written. `false` for
   * a 403 (its security role lacks the permission); any other failure is thrown as usual.
   */
  async probeRead(listing: ProbeListing): Promise<boolean> {
    try {
      const url = await this.url(listing, { pageSize: 1 });
      await this.call({ method: 'GET', url, schema: rowsSchema, retry: 'idempotent' });
      return true;
    } catch (error) {
      if (isConnectWiseError(error, 'forbidden')) return false;
      throw error;
    }
  }

  /** Releases sockets and timers. */
  async close(): Promise<void> {
    await this.transport.close();
  }

  private async get<T>(path: string, query: Query, schema: z.ZodType<T>): Promise<T> {
    const url = await this.url(path, query);
    return (await this.call({ method: 'GET', url, schema, retry: 'idempotent' })).data;
  }

  private async collect<T>(path: string, query: Query, schema: z.ZodType<T>): Promise<ListResult<T>> {
    const result: ListResult<T> = { items: [], skipped: [] };
    for await (const page of this.pages(path, query, schema, {})) {
      result.items.push(...page.items);
      result.skipped.push(...page.skipped);
    }
    return result;
  }

  /**
   * Parses a list's rows one by one: a row ConnectWise's spec allows but we cannot use (no id, a wrong
   * type) is skipped and reported, so one odd row never fails the whole list. `offset` is the position
   * of the first row in the whole listing.
   */
  private readRows<T>(url: URL, rows: unknown[], schema: z.ZodType<T>, offset: number): ListResult<T> {
    const result = readRows(rows, schema, numericId, offset);
    if (result.skipped.length > 0) {
      // Paths and zod's messages only: the values could be customer data.
      this.logger?.warn(
        { method: 'GET', path: url.pathname, skipped: result.skipped.length, rows: result.skipped.slice(0, 10) },
        'skipped ConnectWise rows that could not be read',
      );
    }
    return result;
  }

  /**
   * Pages of a listing. With `link` paging the next page is whatever ConnectWise's `Link: rel="next"` says;
   * with `forward-only` (header `pagination-type: forward-only`) ConnectWise pages by `pageId` (last id
   * seen) and ignores `page` and `orderBy`. Without a Link header a full page means "there may be more".
   */
  private async *pages<T>(
    path: string,
    query: Query,
    itemSchema: z.ZodType<T>,
    options: { paging?: Paging; pageSize?: number },
  ): AsyncGenerator<ListResult<T>> {
    const forwardOnly = options.paging === 'forward-only';
    const pageSize = clampPageSize(options.pageSize ?? maxPageSize);
    const headers: Record<string, string> = forwardOnly ? { 'pagination-type': 'forward-only' } : {};
    let offset = 0;
    let url: URL | undefined = await this.url(path, forwardOnly ? { ...query, pageSize } : { ...query, page: 1, pageSize });
    const seen = new Set<string>();

    while (url) {
      seen.add(url.search);
      const { data, response } = await this.call({ method: 'GET', url, schema: rowsSchema, headers, retry: 'idempotent' });
      if (data.length > 0) yield this.readRows(url, data, itemSchema, offset);
      offset += data.length;

      const link = headerValue(response.headers, 'link');
      let next: URL | undefined;
      if (link) {
        const target = parseLinkHeader(link).get('next');
        // Only the query of ConnectWise's link is taken: requests never leave the configured site.
        if (target) next = withSearch(url, new URL(target, url).search);
      } else if (data.length === pageSize) {
        next = new URL(url);
        if (forwardOnly) next.searchParams.set('pageId', String(lastId(data)));
        else next.searchParams.set('page', String(Number(url.searchParams.get('page') ?? '1') + 1));
      }
      if (next && seen.has(next.search)) {
        throw new ConnectWiseError('bad-response', `ConnectWise paging loops on ${path}`, { method: 'GET', path });
      }
      url = next;
    }
  }

  private async url(path: string, query: Query): Promise<URL> {
    const info = await this.companyInfo();
    const url = new URL(`https://${this.site}/${info.Codebase}apis/3.0/${path}`);
    // encodeURIComponent (spaces as %20) rather than URLSearchParams (spaces as +), as ConnectWise's docs show.
    url.search = Object.entries(query)
      .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
      .join('&');
    if (url.href.length >= maxUrlLength) {
      throw new ConnectWiseError('bad-request', `Request URL for ${path} would exceed ConnectWise's 2,000 character limit`);
    }
    return url;
  }

  private async call<T>(options: CallOptions<T>): Promise<{ data: T; response: TransportResponse }> {
    const { method, url } = options;
    const response = await this.transport.send({
      method,
      url,
      body: options.body,
      headers: { ...this.authHeaders, ...options.headers },
      retry: options.retry,
      json: true,
    });
    const label = { method, path: url.pathname + url.search, status: response.status };
    const parsed = options.schema.safeParse(response.json);
    if (!parsed.success) {
      throw new ConnectWiseError(
        'bad-response',
        `ConnectWise answered ${method} ${url.pathname} with an unexpected shape: ${describeIssues(parsed.error)}`,
        label,
      );
    }
    return { data: parsed.data, response };
  }
}

function companyQuery(filter: CompanyFilter): Query {
  const search = filter.search ? cond.contains('name', filter.search) : undefined;
  return {
    conditions: cond.and(cond.equalsBoolean('deletedFlag', false), search),
    childConditions: cond.anyTypeId(filter.typeIds ?? []),
  };
}


function clampPageSize(pageSize: number): number {
  return Math.min(maxPageSize, Math.max(1, Math.trunc(pageSize)));
}

function id(value: number): string {
  if (!Number.isSafeInteger(value) || value <= 0) throw new TypeError(`expected a positive integer id, got ${value}`);
  return String(value);
}

/** The last id on a page; a row without one (skipped by `readRows`) does not stop the paging. */
function lastId(items: readonly unknown[]): number {
  const ids = items.map((item) => (item as { id?: unknown } | null)?.id).filter((value): value is number => typeof value === 'number');
  const last = ids.at(-1);
  if (last === undefined) throw new ConnectWiseError('bad-response', 'forward-only paging needs an id on the page');
  return last;
}

function withSearch(url: URL, search: string): URL {
  const next = new URL(url);
  next.search = search;
  return next;
}

/**
 * Users type the site without scheme (`api-na.myconnectwise.net`); a pasted `https://…/` is forgiven,
 * `http://` is refused because credentials would travel in clear text.
 */
export function normaliseSite(site: string): string {
  const trimmed = site.trim().replace(/^https:\/\//i, '').replace(/\/+$/, '').toLowerCase();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    throw new ConnectWiseError('bad-site', 'The ConnectWise site must be reached over HTTPS; enter it without a scheme');
  }
  if (!/^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/.test(trimmed)) {
    throw new ConnectWiseError('bad-site', 'The ConnectWise site must be a host name such as api-na.myconnectwise.net');
  }
  return trimmed;
}
