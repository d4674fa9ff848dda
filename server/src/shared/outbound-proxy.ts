import type { SecureContext } from 'node:tls';
import { Agent, fetch as undiciFetch, Pool, ProxyAgent, type Dispatcher, type RequestInit as UndiciRequestInit } from 'undici';
import { classifyNetworkFailure } from './network-failure.js';

/*
 * The way out: every call highwater makes to another service (ConnectWise, JumpCloud, the identity
 * provider, Pwned Passwords) picks its dispatcher here, so HTTPS_PROXY, HTTP_PROXY and NO_PROXY mean the
 * same for all of them.
 *
 * undici's EnvHttpProxyAgent does the same routing but reads process.env itself, and does not say which
 * proxy a request went through; we route with undici's ProxyAgent and our own reading of NO_PROXY (the
 * same syntax as undici's and curl's, without address ranges), so a failure can name the proxy.
 */

export interface OutboundProxySettings {
  /** For https:// targets (HTTPS_PROXY); when absent, `httpProxy` serves them too. */
  httpsProxy?: string;
  /** For http:// targets (HTTP_PROXY). */
  httpProxy?: string;
  /** NO_PROXY entries: `*`, a host or address, a domain (`example.com` or `.example.com`: it and its subdomains), each with an optional `:port`. */
  noProxy?: readonly string[];
}

/** Which proxy a request went through, by name only (never its credentials), and where it asked to go. */
export interface ProxyRoute {
  /** The proxy's scheme, host and port: `http://proxy.example.com:3128`. */
  proxy: string;
  /** `host:port` of the target. */
  target: string;
}

export interface OutboundRoute {
  dispatcher: Dispatcher;
  /** Set when the request goes through a proxy. */
  via?: ProxyRoute;
}

interface NoProxyEntry {
  /** Lower case, without brackets; `*` matches every host. */
  host: string;
  port?: number;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** Why a proxy URL cannot be used, or undefined when it can. Never repeats the value (it may hold a password). */
export function proxyUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a URL such as http://proxy.example.com:3128';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must start with http:// or https:// (the proxy itself, e.g. http://proxy.example.com:3128)';
  if (!url.hostname) return 'must name the proxy host';
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) return 'must be the proxy address only (scheme, optional user:password@, host, port), without a path';
  return undefined;
}

/** NO_PROXY's entries: separated by commas or whitespace. */
export function splitNoProxy(value: string): string[] {
  return value.split(/[,\s]+/).filter((entry) => entry !== '');
}

/** Why a NO_PROXY entry cannot be used, or undefined when it can. */
export function noProxyEntryProblem(entry: string): string | undefined {
  if (entry.includes('/')) return `entry ${entry} is an address range, which is not supported: list hosts, addresses or domains (.example.com)`;
  return parseNoProxyEntry(entry) ? undefined : `entry ${entry} is not a host, address or domain with an optional :port`;
}

function parseNoProxyEntry(raw: string): NoProxyEntry | undefined {
  const entry = raw.trim().toLowerCase();
  if (entry === '*') return { host: '*' };
  // [::1]:8080, [::1], ::1 (a bare IPv6 address has no port), host:port, host
  const bracketed = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/.exec(entry);
  const withPort = /^([^:[\]]+):(\d{1,5})$/.exec(entry);
  const [host, port] = bracketed ? [bracketed[1]!, bracketed[2]] : withPort ? [withPort[1]!, withPort[2]] : [entry, undefined];
  if (!bracketed && !withPort && /[[\]]/.test(host)) return undefined;
  if (!/^[0-9a-z.:*_-]+$/.test(host)) return undefined;
  // `.example.com` and `*.example.com` mean the domain, as `example.com` does.
  const name = host.replace(/^\*?\./, '');
  if (name === '' || name.includes('*')) return undefined;
  return { host: name, port: port === undefined ? undefined : Number(port) };
}

/** The proxy URL for a target, or undefined to go direct. */
export function proxyFor(target: URL, settings: OutboundProxySettings | undefined): string | undefined {
  if (!settings) return undefined;
  const proxy = target.protocol === 'https:' ? (settings.httpsProxy ?? settings.httpProxy) : settings.httpProxy;
  if (!proxy) return undefined;
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = Number(target.port) || DEFAULT_PORTS[target.protocol] || 0;
  for (const entry of (settings.noProxy ?? []).map(parseNoProxyEntry)) {
    if (!entry) continue;
    if (entry.host === '*') return undefined;
    if (entry.port !== undefined && entry.port !== port) continue;
    if (host === entry.host || host.endsWith(`.${entry.host}`)) return undefined;
  }
  return proxy;
}

/** A proxy URL as it may be shown: scheme, host and port, never the user or password. */
export function proxyName(proxyUrl: string): string {
  const url = new URL(proxyUrl);
  return `${url.protocol}//${url.host}`;
}

/** The password of each proxy URL (decoded and as written), for a transport's list of strings to scrub. */
export function proxySecrets(settings: OutboundProxySettings | undefined): string[] {
  const secrets = new Set<string>();
  for (const proxy of [settings?.httpsProxy, settings?.httpProxy]) {
    if (!proxy) continue;
    const { password } = new URL(proxy);
    if (password) {
      secrets.add(password);
      secrets.add(decodeURIComponent(password));
    }
  }
  return [...secrets].filter((secret) => secret.length >= 4);
}

export type ProxyFault =
  /** No connection to the proxy itself (refused, unknown host), or it hung up or went silent before opening the tunnel: nothing reached the target. */
  | { kind: 'unreachable'; transient: boolean; text: string }
  /** The proxy answered the tunnel (or the request) with a refusal: 407, 403, any other non-2xx but 502–504. */
  | { kind: 'refused'; status: number; text: string }
  /** The proxy said it could not reach the target (502, 503, 504 to the tunnel). */
  | { kind: 'target-unreachable'; status: number; text: string };

/**
 * What a failed request through a proxy says about the proxy, or undefined when the proxy is not to blame
 * as far as can be told (a reset or TLS failure inside the tunnel). The text names the proxy, never its
 * credentials.
 */
export function proxyFault(error: unknown, via: ProxyRoute): ProxyFault | undefined {
  const status = tunnelRefusal(error);
  if (status !== undefined) {
    if (status >= 502 && status <= 504) {
      return { kind: 'target-unreachable', status, text: `the outbound proxy ${via.proxy} could not reach ${via.target} (it answered ${status})` };
    }
    const why = status === 407 ? '407 Proxy Authentication Required: check the user and password in the proxy URL' : String(status);
    return { kind: 'refused', status, text: `the outbound proxy ${via.proxy} refused the connection to ${via.target} (${why})` };
  }
  const code = codeOf(error);
  if (code === TUNNEL_DROPPED) {
    return { kind: 'unreachable', transient: true, text: `the outbound proxy ${via.proxy} closed the connection before opening a tunnel to ${via.target}` };
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT') {
    return { kind: 'unreachable', transient: true, text: `the outbound proxy ${via.proxy} did not answer the request for a tunnel to ${via.target}` };
  }
  // Through a proxy we resolve and connect to the proxy alone: the proxy connects to the target.
  const failure = classifyNetworkFailure(error);
  if (failure.kind === 'connect' || failure.kind === 'dns') {
    return { kind: 'unreachable', transient: failure.kind === 'connect', text: `the outbound proxy ${via.proxy} could not be reached (${failure.text})` };
  }
  return undefined;
}

/**
 * The status a proxy refused a tunnel with. undici reports it only in the message: "Proxy response (407)
 * !== 200 when HTTP Tunneling" for CONNECT, "Proxy Authentication Required (407)" for a plain http request
 * through an http proxy (the proxy tests pin both wordings).
 */
function tunnelRefusal(error: unknown): number | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth++, current = current.cause) {
    const match = /^Proxy (?:response \((\d{3})\) !== 200 when HTTP Tunneling|Authentication Required \((407)\))/.exec(current.message);
    if (match) return Number(match[1] ?? match[2]);
  }
  return undefined;
}

function codeOf(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth++, current = current.cause) {
    const { code } = current as { code?: unknown };
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** Our code for a proxy that hung up on CONNECT (undici 8.6 has its own, UND_ERR_PRX_CONN). */
const TUNNEL_DROPPED = 'HIGHWATER_PROXY_HUNG_UP';

/**
 * The client to a proxy, for undici's ProxyAgent, mending two things undici 7 does wrong with a proxy
 * that misbehaves while opening a tunnel (our abort signal does not reach that step):
 * - a proxy that hangs up on CONNECT gets CONNECT again, thousands of times a second, forever: undici
 *   takes the socket error for a recoverable one (nodejs/undici#3897, fixed in 8.6 only). Any other
 *   error code fails the request, so the socket error is re-coded.
 * - a proxy that never answers CONNECT holds the request for undici's 300 s headers timeout.
 */
function proxyClientFactory(tunnelTimeoutMs: number) {
  return (origin: URL, options: object): Dispatcher => {
    const pool = new Pool(origin, { ...options, headersTimeout: tunnelTimeoutMs });
    const connect = pool.connect.bind(pool) as (options: Dispatcher.ConnectOptions) => Promise<Dispatcher.ConnectData>;
    pool.connect = ((connectOptions: Dispatcher.ConnectOptions) =>
      connect(connectOptions).catch((error: unknown) => {
        if (codeOf(error) !== 'UND_ERR_SOCKET') throw error;
        throw Object.assign(new Error(`the proxy closed the connection before answering CONNECT`, { cause: error }), { code: TUNNEL_DROPPED });
      })) as Pool['connect'];
    return pool;
  };
}

export interface OutboundAgentOptions {
  /** TLS for https targets, inside the tunnel when proxied, and for an https:// proxy itself (e.g. roots plus an extra CA). */
  secureContext?: SecureContext;
  /** Sockets per origin (per target through each proxy). */
  connections?: number;
  /** How long a proxy may take to answer CONNECT. Default 10 s, undici's connect timeout. */
  tunnelTimeoutMs?: number;
}

/**
 * The dispatchers of one client: direct, and one per configured proxy, each keeping its own sockets. A
 * request asks `route(url)` which one to use; `fetch` does that for fetch-based clients.
 */
export class OutboundAgent {
  private readonly direct: Agent;
  private readonly proxies = new Map<string, ProxyAgent>();

  constructor(
    private readonly settings: OutboundProxySettings | undefined,
    options: OutboundAgentOptions = {},
  ) {
    const tls = options.secureContext ? { secureContext: options.secureContext } : {};
    this.direct = new Agent({ connect: tls, connections: options.connections });
    for (const uri of new Set([settings?.httpsProxy, settings?.httpProxy])) {
      if (!uri) continue;
      this.proxies.set(
        uri,
        new ProxyAgent({
          uri,
          connections: options.connections,
          // The target's TLS, inside the tunnel: the extra CA applies there (a TLS-inspecting proxy's too).
          requestTls: tls,
          // An https:// proxy's own certificate is checked against the same roots.
          proxyTls: tls,
          // An http:// target through an http:// proxy is sent as an absolute-URI request, as proxies
          // expect; CONNECT to port 80 is refused by many (Squid's default configuration does).
          proxyTunnel: false,
          clientFactory: proxyClientFactory(options.tunnelTimeoutMs ?? 10_000),
        }),
      );
    }
  }

  route(target: URL): OutboundRoute {
    const proxy = proxyFor(target, this.settings);
    if (!proxy) return { dispatcher: this.direct };
    const port = target.port || String(DEFAULT_PORTS[target.protocol] ?? '');
    return { dispatcher: this.proxies.get(proxy)!, via: { proxy: proxyName(proxy), target: `${target.hostname}:${port}` } };
  }

  /**
   * fetch through the route for the URL. A network failure through a proxy is an `OutboundProxyError`
   * naming the proxy (a TypeError, as fetch's own failures are); timeouts and aborts are passed on as they are.
   */
  fetch = async (input: string | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input);
    const { dispatcher, via } = this.route(url);
    try {
      // undici's own fetch (the global one is an older undici, which cannot take this dispatcher); its
      // Request/Response types differ from the DOM's in name only.
      return (await undiciFetch(url, { ...(init as UndiciRequestInit), dispatcher })) as unknown as Response;
    } catch (error) {
      if (!via || isAbort(error)) throw error;
      const fault = proxyFault(error, via);
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new OutboundProxyError(fault?.text ?? `${cause} (through the outbound proxy ${via.proxy})`, { cause: error });
    }
  };

  async close(): Promise<void> {
    await Promise.all([this.direct.close(), ...[...this.proxies.values()].map((agent) => agent.close())]);
  }
}

/** A fetch through a proxy that failed; the message names the proxy (never its credentials) and says what went wrong. */
export class OutboundProxyError extends TypeError {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'OutboundProxyError';
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}
