import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A plain-HTTP JSON endpoint for driving a simulator from another process (end-to-end tests, manual
 * poking). Test tooling only: it hands out the simulator's keys and must never face a network.
 *
 * Routes are functions tried in order; the first that answers wins. Every simulator has the shared ones
 * (see `VendorSimulator.adminRoutes`):
 *
 *   GET    /state                  the vendor's summary plus in-flight figures and faults
 *   GET    /requests?since=N       request log entries with seq > N
 *   POST   /faults                 body: a Fault → { id }
 *   DELETE /faults[/:id]           remove one, or all
 *   POST   /reset                  forget requests and faults (and what else the vendor keeps per run)
 */

export interface AdminRequest {
  method: string;
  /** Without a trailing slash; `/` for the root. */
  path: string;
  /** The path's segments, decoded: `/faults/abc` → `['faults', 'abc']`. */
  segments: string[];
  url: URL;
  /** The body as a JSON object (`{}` when empty). */
  json(): Promise<Record<string, unknown>>;
}

export interface AdminReply {
  status: number;
  body: unknown;
}

/** Answers a request it knows, or returns undefined to let the next route try. */
export type AdminRoute = (req: AdminRequest) => AdminReply | undefined | Promise<AdminReply | undefined>;

export interface AdminServer {
  url: string;
  close(): Promise<void>;
}

/** A route for one method and exact path; `answer`'s result is the reply body. */
export function adminRoute(method: string, path: string, answer: (req: AdminRequest) => unknown, status = 200): AdminRoute {
  return async (req) => (req.method === method && req.path === path ? { status, body: await answer(req) } : undefined);
}

export const ok = { ok: true };

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

async function dispatch(routes: readonly AdminRoute[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://admin');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const request: AdminRequest = {
    method: req.method ?? 'GET',
    path,
    segments: path.split('/').slice(1).filter(Boolean).map(decodeURIComponent),
    url,
    json: () => readJson(req),
  };
  for (const route of routes) {
    const answer = await route(request);
    if (answer) return reply(res, answer.status, answer.body);
  }
  reply(res, 404, { error: `no admin route ${request.method} ${path}` });
}

export async function startAdminServer(routes: readonly AdminRoute[], host: string, port: number): Promise<AdminServer> {
  const server = createServer((req, res) => {
    dispatch(routes, req, res).catch((error: unknown) => reply(res, 400, { error: error instanceof Error ? error.message : String(error) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
