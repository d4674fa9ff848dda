import { spawn } from 'node:child_process';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';

/*
 * A small forward proxy of our own, as an MSP's egress proxy would be: HTTP CONNECT tunnels (what https
 * goes through) and absolute-URI requests (what plain http goes through), optionally demanding
 * `Proxy-Authorization: Basic`. It records where each tunnel or request went, so a test can tell what
 * left through it. Tests run it as a child process (`startConnectProxy`), so it is a real proxy on its
 * own port and event loop, as in production; `GET /exchanges` (origin-form, to the proxy itself) answers
 * what it recorded.
 *
 *   node --import tsx test-support/connect-proxy.ts [--auth user:password]   # prints {"port":…}
 */

export interface ProxyExchange {
  /** `CONNECT` for a tunnel, else the method of a forwarded http request. */
  method: string;
  /** `host:port` the client asked for. */
  target: string;
  /** Whether the request carried the credentials the proxy wants (always true when it wants none). */
  authorized: boolean;
  /** The status the proxy itself answered instead of connecting (407, 502). */
  refused?: number;
}

export interface ProxyServerOptions {
  /** Credentials the proxy demands; none: it lets everyone through. */
  auth?: { user: string; password: string };
}

export function createConnectProxy(options: ProxyServerOptions = {}): { server: Server; exchanges: ProxyExchange[] } {
  const exchanges: ProxyExchange[] = [];
  const expected = options.auth && `Basic ${Buffer.from(`${options.auth.user}:${options.auth.password}`).toString('base64')}`;
  const authorized = (req: IncomingMessage) => !expected || req.headers['proxy-authorization'] === expected;
  const server = createServer();

  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    const exchange: ProxyExchange = { method: 'CONNECT', target, authorized: authorized(req) };
    exchanges.push(exchange);
    client.on('error', () => client.destroy());
    if (!exchange.authorized) {
      exchange.refused = 407;
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test proxy"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const { hostname, port } = new URL(`tcp://${target}`);
    const upstream = connect(Number(port), hostname.replace(/^\[|\]$/g, ''));
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.once('error', () => {
      if (!connected) {
        exchange.refused = 502;
        client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      } else {
        client.destroy();
      }
    });
    client.once('close', () => upstream.destroy());
  });

  server.on('request', (req, res) => {
    if (req.url === '/exchanges') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(exchanges));
      return;
    }
    if (!req.url?.startsWith('http://')) {
      res.writeHead(400).end('a proxy: send CONNECT or an absolute http:// URI');
      return;
    }
    const url = new URL(req.url);
    const exchange: ProxyExchange = { method: req.method ?? 'GET', target: `${url.hostname}:${url.port || 80}`, authorized: authorized(req) };
    exchanges.push(exchange);
    if (!exchange.authorized) {
      exchange.refused = 407;
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test proxy"', 'content-length': '0' }).end();
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const forward = httpRequest(url, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => {
      exchange.refused = 502;
      if (!res.headersSent) res.writeHead(502, { 'content-length': '0' });
      res.end();
    });
    req.pipe(forward);
  });
  return { server, exchanges };
}

export interface ConnectProxy {
  /** `http://127.0.0.1:port`, without credentials. */
  url: string;
  port: number;
  /** The URL with credentials in it (`http://user:password@127.0.0.1:port`), for a proxy started with `auth`. */
  urlWithAuth(user?: string, password?: string): string;
  /** Everything the proxy saw so far, in order. */
  exchanges(): Promise<ProxyExchange[]>;
  /** The tunnels and requests that went to one `host:port`. */
  exchangesTo(target: string): Promise<ProxyExchange[]>;
  stop(): Promise<void>;
}

/** Starts the proxy as a child process and resolves once it listens. */
export function startConnectProxy(options: ProxyServerOptions = {}): Promise<ConnectProxy> {
  const args = ['--import', 'tsx', fileURLToPath(import.meta.url)];
  if (options.auth) args.push('--auth', `${options.auth.user}:${options.auth.password}`);
  const child = spawn(process.execPath, args, { cwd: fileURLToPath(new URL('../', import.meta.url)), stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('exit', (code) => reject(new Error(`the test proxy exited with ${code} before listening`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = /^\{"port":(\d+)\}$/m.exec(output);
      if (!line) return;
      const port = Number(line[1]);
      const url = `http://127.0.0.1:${port}`;
      const exchanges = async () => (await (await fetch(`${url}/exchanges`)).json()) as ProxyExchange[];
      resolve({
        url,
        port,
        urlWithAuth: (user = options.auth?.user ?? '', password = options.auth?.password ?? '') =>
          `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
        exchanges,
        exchangesTo: async (target) => (await exchanges()).filter((exchange) => exchange.target === target),
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--auth');
  const [user, ...rest] = at > 0 ? process.argv[at + 1]!.split(':') : [];
  const { server } = createConnectProxy(user === undefined ? {} : { auth: { user, password: rest.join(':') } });
  server.listen(0, '127.0.0.1', () => {
    console.log(JSON.stringify({ port: (server.address() as AddressInfo).port }));
  });
  process.on('SIGTERM', () => process.exit(0));
  // The test process holds our stdin: when it ends, even killed, so do we.
  process.stdin.on('close', () => process.exit(0));
  process.stdin.resume();
}
