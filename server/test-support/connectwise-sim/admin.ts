import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Fault } from './faults.js';
import type { SeedOptions } from './fixtures.js';
import type { ConnectWiseSimulator } from './server.js';
import type { PermissionDenial } from './state.js';

/*
 * A plain-HTTP JSON endpoint for driving a simulator from another process (end-to-end tests, manual
 * poking). Test tooling only: it hands out the simulator's keys and must never face a network.
 *
 *   GET    /state                  summary: site, keys, counts, in-flight figures, faults, denials
 *   GET    /requests?since=N       request log entries with seq > N
 *   GET    /patches                PATCH bodies received, with what was applied or ignored
 *   GET    /tickets                tickets created (including write-only initialDescription)
 *   POST   /faults                 body: a Fault → { id }
 *   DELETE /faults[/:id]           remove one, or all
 *   POST   /rotate-keys            → new { publicKey, privateKey }; old keys answer 401
 *   POST   /permissions/deny       body: PermissionDenial
 *   DELETE /permissions            allow everything again
 *   POST   /seed                   body: SeedOptions → ids created
 *   POST   /reset                  forget requests, patches, faults, denials
 */

export interface AdminServer {
  url: string;
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : {};
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

function state(sim: ConnectWiseSimulator): unknown {
  return {
    ...sim.credentials,
    clientId: sim.clientId,
    url: sim.url,
    caFile: sim.caFile,
    counts: {
      companyTypes: sim.data.companyTypes.length,
      companies: sim.data.companies.length,
      agreements: sim.data.agreements.length,
      additions: sim.data.additions.length,
      tickets: sim.data.tickets.length,
      requests: sim.requests.length,
      patches: sim.patches.length,
    },
    inFlight: sim.inFlight,
    maxInFlight: sim.maxInFlight,
    faults: sim.faults.map(({ id, fault, matched, fired }) => ({ id, fault, matched, fired })),
  };
}

async function route(sim: ConnectWiseSimulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://admin');
  const key = `${req.method ?? 'GET'} ${url.pathname.replace(/\/+$/, '') || '/'}`;
  const faultId = /^DELETE \/faults\/(.+)$/.exec(key)?.[1];

  if (key === 'GET /state') return reply(res, 200, state(sim));
  if (key === 'GET /requests') {
    const since = Number(url.searchParams.get('since') ?? '0');
    return reply(res, 200, sim.requests.filter((entry) => entry.seq > since));
  }
  if (key === 'GET /patches') return reply(res, 200, sim.patches);
  if (key === 'GET /tickets') return reply(res, 200, sim.tickets);
  if (key === 'POST /faults') return reply(res, 201, { id: sim.addFault((await readJson(req)) as Fault) });
  if (key === 'DELETE /faults') {
    sim.clearFaults();
    return reply(res, 200, { ok: true });
  }
  if (faultId) return reply(res, sim.removeFault(decodeURIComponent(faultId)) ? 200 : 404, { ok: true });
  if (key === 'POST /rotate-keys') return reply(res, 200, sim.rotateKeys());
  if (key === 'POST /permissions/deny') {
    sim.denyPermission((await readJson(req)) as PermissionDenial);
    return reply(res, 200, { ok: true });
  }
  if (key === 'DELETE /permissions') {
    sim.clearPermissionDenials();
    return reply(res, 200, { ok: true });
  }
  if (key === 'POST /seed') return reply(res, 200, sim.seed((await readJson(req)) as SeedOptions));
  if (key === 'POST /reset') {
    sim.reset();
    return reply(res, 200, { ok: true });
  }
  return reply(res, 404, { error: `no admin route ${key}` });
}

export async function startAdminServer(sim: ConnectWiseSimulator, host: string, port: number): Promise<AdminServer> {
  const server = createServer((req, res) => {
    route(sim, req, res).catch((error: unknown) => reply(res, 400, { error: error instanceof Error ? error.message : String(error) }));
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
