import type { z } from 'zod';
import { readRows, stringId, type ListResult, type SkippedRow } from '../vendor-kit/rows.js';
import type { OutboundProxySettings } from '../shared/outbound-proxy.js';
import {
  defaultConsoleBaseUrl,
  defaultEventPageSize,
  defaultInsightsBaseUrl,
  jumpCloudHeaders,
  jumpCloudPaths,
  maxEventPageSize,
  maxListPageSize,
} from './contract.js';
import { JumpCloudError } from './errors.js';
import { headerValue, Transport, type JumpCloudLogger, type TransportRequest, type TransportResponse } from './http.js';
import {
  directoryEventPageSchema,
  directoryEventSchema,
  organizationListSchema,
  organizationSchema,
  searchAfterSchema,
  systemUserCountSchema,
  type DirectoryEvent,
  type Organization,
  type SearchAfterCursor,
} from './schemas.js';
import { userStateFilters, type SystemUserState } from './user-states.js';

export interface JumpCloudClientOptions {
  /** An administrator's API key with access to the provider (MSP) and its organizations. */
  apiKey: string;
  providerId: string;
  /** Console API (v1 and v2). Default https://console.jumpcloud.com. */
  baseUrl?: string;
  /** Directory Insights API. Default https://api.jumpcloud.com. */
  insightsBaseUrl?: string;
  /** Extra trusted CA (PEM), added to the system roots: the simulator's, or a TLS-inspecting proxy's. */
  ca?: string | Buffer;
  /** The outbound proxy (HTTPS_PROXY, NO_PROXY); absent: direct. */
  proxy?: OutboundProxySettings;
  /** Per attempt, covering connect, headers and body. Default 30 s. */
  timeoutMs?: number;
  /** Requests in flight at once through this client. Default 8. */
  maxConcurrency?: number;
  /** Attempts per call including the first. Default 4. */
  maxAttempts?: number;
  /** First retry waits about this long, doubling each time. Default 500 ms. */
  retryBaseDelayMs?: number;
  /** Default 10 s. */
  retryMaxDelayMs?: number;
  /** A Retry-After above this is not waited out; the 429 surfaces instead. Default 60 s. */
  maxRetryAfterSeconds?: number;
  logger?: JumpCloudLogger;
}

export interface OrganizationIterationOptions {
  /** 1–100 (JumpCloud's maximum, and the default). */
  pageSize?: number;
  /** Told of each organization row that could not be read and was skipped (the listing is then incomplete). */
  onSkipped?: (row: SkippedRow<string>) => void;
}

export interface CountUsersOptions {
  /** States that do not count. Default: `defaultExcludedUserStates` (suspended users). `[]` counts everyone. */
  excludeStates?: readonly SystemUserState[];
}

export interface DirectoryEventQuery {
  /** The organization whose events to read (`x-org-id`); a provider's key must name one. */
  orgId: string;
  /** Inclusive. A Date, or an RFC 3339 string. */
  startTime: Date | string;
  endTime?: Date | string;
  /** Directory Insights services, e.g. `['directory', 'sso']`. Default `['all']`. */
  services?: readonly string[];
  /** Events per request, 1–10,000. Default 1,000. */
  pageSize?: number;
}

/**
 * Directory Insights events from `startTime` (inclusive), oldest first, fetched a page at a time as they
 * are consumed. Pages follow each other through `search_after` inside this one query only: JumpCloud says
 * not to hold on to an `X-Search_after` value, so a reader that resumes later starts a new query from a
 * time it stored (and drops the events it had already seen at that time).
 */
export interface DirectoryEventStream extends AsyncIterable<DirectoryEvent> {
  /** Requests made so far (a new page is fetched when the consumer asks past the last event of the previous one). */
  readonly pages: number;
  /** Events that could not be read (no id, type or time), skipped so far; never fatal to a page. */
  readonly skipped: SkippedRow<string>[];
}

/** Typed access to one MSP's JumpCloud. Every method may throw `JumpCloudError`. */
export interface JumpCloudClient {
  readonly providerId: string;
  /** Every organization of the provider, a page at a time as they are consumed. */
  iterateOrganizations(options?: OrganizationIterationOptions): AsyncGenerator<Organization>;
  /** How many of the organization's users count (by default: not suspended). Never lists the users. */
  countUsers(orgId: string, options?: CountUsersOptions): Promise<number>;
  iterateDirectoryEvents(query: DirectoryEventQuery): DirectoryEventStream;
  /** Releases sockets and timers. */
  close(): Promise<void>;
}

export function createJumpCloudClient(options: JumpCloudClientOptions): JumpCloudClient {
  return new HttpJumpCloudClient(options);
}

class HttpJumpCloudClient implements JumpCloudClient {
  readonly providerId: string;
  private readonly baseUrl: URL;
  private readonly insightsBaseUrl: URL;
  private readonly authHeaders: Record<string, string>;
  private readonly transport: Transport;
  private readonly logger: JumpCloudLogger | undefined;

  constructor(options: JumpCloudClientOptions) {
    const apiKey = options.apiKey?.trim() ?? '';
    if (!apiKey) throw new TypeError('createJumpCloudClient: apiKey is required');
    this.providerId = options.providerId?.trim() ?? '';
    if (!this.providerId) throw new TypeError('createJumpCloudClient: providerId is required');
    this.baseUrl = baseUrl(options.baseUrl ?? defaultConsoleBaseUrl, 'baseUrl');
    this.logger = options.logger;
    this.insightsBaseUrl = baseUrl(options.insightsBaseUrl ?? defaultInsightsBaseUrl, 'insightsBaseUrl');
    this.authHeaders = { [jumpCloudHeaders.apiKey]: apiKey, accept: 'application/json' };
    this.transport = new Transport({
      ca: options.ca,
      proxy: options.proxy,
      timeoutMs: options.timeoutMs ?? 30_000,
      maxConcurrency: options.maxConcurrency ?? 8,
      maxAttempts: options.maxAttempts ?? 4,
      retryBaseDelayMs: options.retryBaseDelayMs ?? 500,
      retryMaxDelayMs: options.retryMaxDelayMs ?? 10_000,
      maxRetryAfterSeconds: options.maxRetryAfterSeconds ?? 60,
      logger: options.logger,
      secrets: [apiKey],
    });
  }

  async *iterateOrganizations(options: OrganizationIterationOptions = {}): AsyncGenerator<Organization> {
    const limit = pageSize(options.pageSize ?? maxListPageSize, maxListPageSize, 'pageSize');
    // Without a documented unique sort key, a listing that changes while we page could repeat an entry.
    const seen = new Set<string>();
    for (let skip = 0; ; ) {
      const url = this.url(this.baseUrl, jumpCloudPaths.providerOrganizations(this.providerId), { limit, skip });
      const page = await this.json({ method: 'GET', url, headers: this.authHeaders }, organizationListSchema);
      const rows = this.readRows(url, page.results, organizationSchema, skip);
      for (const row of rows.skipped) options.onSkipped?.(row);
      for (const organization of rows.items) {
        if (seen.has(organization.id)) continue;
        seen.add(organization.id);
        yield organization;
      }
      skip += page.results.length;
      if (page.results.length < limit || skip >= page.totalCount) return;
    }
  }

  async countUsers(orgId: string, options: CountUsersOptions = {}): Promise<number> {
    const org = requiredId(orgId, 'orgId');
    const filter = userStateFilters(options.excludeStates);
    // limit=1: JumpCloud computes totalCount for the whole filtered set; one row is the least it lists.
    const url = this.url(this.baseUrl, jumpCloudPaths.systemUsers, { limit: 1, skip: 0, filter });
    const page = await this.json(
      { method: 'GET', url, headers: { ...this.authHeaders, [jumpCloudHeaders.orgId]: org }, orgId: org },
      systemUserCountSchema,
    );
    return page.totalCount;
  }

  iterateDirectoryEvents(query: DirectoryEventQuery): DirectoryEventStream {
    const orgId = requiredId(query.orgId, 'orgId');
    const limit = pageSize(query.pageSize ?? defaultEventPageSize, maxEventPageSize, 'pageSize');
    const body = {
      service: query.services && query.services.length > 0 ? [...query.services] : ['all'],
      start_time: rfc3339(query.startTime, 'startTime'),
      ...(query.endTime === undefined ? {} : { end_time: rfc3339(query.endTime, 'endTime') }),
      limit,
      // Oldest first, so a reader can record how far it got as a time (see DirectoryEventStream).
      sort: 'ASC',
    };
    const url = this.url(this.insightsBaseUrl, jumpCloudPaths.directoryEvents, {});
    const headers = { ...this.authHeaders, [jumpCloudHeaders.orgId]: orgId };
    const fetchPage = (request: TransportRequest, after: SearchAfterCursor | undefined) =>
      this.eventPage(request, limit, after);

    const stream = {
      pages: 0,
      skipped: [] as SkippedRow<string>[],
      async *[Symbol.asyncIterator](): AsyncGenerator<DirectoryEvent> {
        let after: SearchAfterCursor | undefined;
        for (;;) {
          const request: TransportRequest = {
            method: 'POST',
            url,
            headers,
            orgId,
            body: after === undefined ? body : { ...body, search_after: after },
          };
          const page = await fetchPage(request, after);
          stream.pages++;
          stream.skipped.push(...page.skipped);
          for (const event of page.events) yield event;
          if (!page.more || !page.next) return;
          after = page.next;
        }
      },
    };
    return stream;
  }

  async close(): Promise<void> {
    await this.transport.close();
  }

  private async eventPage(
    request: TransportRequest,
    limit: number,
    previous: SearchAfterCursor | undefined,
  ): Promise<{ events: DirectoryEvent[]; skipped: SkippedRow<string>[]; next?: SearchAfterCursor; more: boolean }> {
    const response = await this.transport.send(request);
    const rows = this.parse(response, directoryEventPageSchema, request);
    const { items: events, skipped } = this.readRows(request.url, rows, directoryEventSchema, 0);
    const label = this.transport.label(request);
    // A full page means more may follow (JumpCloud's paging rule compares X-Result-Count with X-Limit).
    // X-Search_after comes with every page, but only a full page's is used: for the next page, never kept.
    const count = Number(headerValue(response.headers, jumpCloudHeaders.resultCount) ?? rows.length);
    const pageLimit = Number(headerValue(response.headers, jumpCloudHeaders.limit) ?? limit);
    const more = rows.length > 0 && count >= pageLimit;
    if (!more) return { events, skipped, more };
    const nextHeader = headerValue(response.headers, jumpCloudHeaders.searchAfter);
    if (!nextHeader) {
      throw new JumpCloudError('bad-response', 'JumpCloud sent a full page of events without an X-Search_after cursor', {
        ...label,
        status: response.status,
      });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(nextHeader);
    } catch {
      parsed = undefined;
    }
    const cursor = searchAfterSchema.safeParse(parsed);
    if (!cursor.success) {
      throw new JumpCloudError('bad-response', 'JumpCloud sent an unusable X-Search_after cursor', {
        ...label,
        status: response.status,
      });
    }
    const next = cursor.data;
    if (previous && JSON.stringify(previous) === JSON.stringify(next)) {
      throw new JumpCloudError('bad-response', 'JumpCloud repeated the X-Search_after cursor it was sent', {
        ...label,
        status: response.status,
      });
    }
    return { events, skipped, next, more };
  }

  /** An array value becomes a repeated parameter (Swagger's `collectionFormat: multi`). */
  private url(base: URL, path: string, query: Record<string, string | number | readonly string[] | undefined>): URL {
    const url = new URL(base.pathname.replace(/\/+$/, '') + path, base);
    for (const [name, value] of Object.entries(query)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value as readonly string[]) url.searchParams.append(name, item);
      else url.searchParams.set(name, String(value));
    }
    return url;
  }

  /** Rows read one by one: one JumpCloud cannot be read by our schema is skipped, logged (fields, never values) and reported. */
  private readRows<T>(url: URL, rows: readonly unknown[], schema: z.ZodType<T>, offset: number): ListResult<T, string> {
    const result = readRows(rows, schema, stringId, offset);
    if (result.skipped.length > 0) {
      this.logger?.warn({ path: url.pathname, skipped: result.skipped.length, rows: result.skipped.slice(0, 10) }, 'skipped JumpCloud rows that could not be read');
    }
    return result;
  }

  private async json<T>(request: TransportRequest, schema: z.ZodType<T>): Promise<T> {
    return this.parse(await this.transport.send(request), schema, request);
  }

  private parse<T>(response: TransportResponse, schema: z.ZodType<T>, request: TransportRequest): T {
    const label = this.transport.label(request);
    const parsed = schema.safeParse(response.json);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
        .join('; ');
      throw new JumpCloudError(
        'bad-response',
        this.transport.scrub(`JumpCloud's answer to ${label.method} ${label.path} has an unexpected shape (${issues})`),
        { ...label, status: response.status },
      );
    }
    return parsed.data;
  }
}

function baseUrl(value: string, name: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`createJumpCloudClient: ${name} is not a URL`);
  }
  if (url.protocol !== 'https:') throw new TypeError(`createJumpCloudClient: ${name} must use https`);
  return url;
}

function requiredId(value: string, name: string): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (!trimmed) throw new JumpCloudError('bad-request', `${name} is required`);
  return trimmed;
}

function pageSize(value: number, max: number, name: string): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new JumpCloudError('bad-request', `${name} must be an integer from 1 to ${max}`);
  }
  return value;
}

function rfc3339(value: Date | string, name: string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new JumpCloudError('bad-request', `${name} is not a valid date-time`);
  return date.toISOString();
}
