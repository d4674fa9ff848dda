import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Fault } from './faults.js';
import type { JumpCloudSimulator, SeedOrganizationsOptions } from './server.js';
import type { EventSeed, SeedInput, SimUserState, UserSeed } from './state.js';

/*
 * A plain-HTTP JSON endpoint for driving a simulator from another process (end-to-end tests, manual
 * poking). Test tooling only: it hands out the simulator's API key and must never face a network.
 *
 *   GET    /state                                   url, key, provider, organizations with user counts, faults, in-flight
 *   GET    /requests?since=N                        request log entries with seq > N
 *   GET    /events                                  Directory Insights events held
 *   POST   /seed                                    body: SeedInput → organizations created
 *   POST   /seed-organizations                      body: {count, usersPerOrg, ...SeedOrganizationsOptions}
 *   DELETE /organizations/:orgId                    remove an organization
 *   POST   /organizations/:orgId/users              body: {count} or {users: UserSeed[]} → users created
 *   DELETE /organizations/:orgId/users/:userId      remove a user
 *   POST   /organizations/:orgId/users/:userId/state  body: {state}
 *   POST   /organizations/:orgId/events             body: {events: EventSeed[]} → events created
 *   POST   /faults                                  body: a Fault → {id}
 *   DELETE /faults[/:id]                            remove one, or all
 *   POST   /rotate-key                              → {apiKey}; the old key answers 401
 *   POST   /reset                                   forget requests and faults
 */

export interface AdminServer {
  url: string;
  close(): Promise<void>;
}

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

function state(sim: JumpCloudSimulator): unknown {
  return {
    baseUrl: sim.url,
    apiKey: sim.apiKey,
    providerId: sim.providerId,
    caFile: sim.caFile,
    providers: [...sim.data.providers].map(([providerId, organizations]) => ({
      providerId,
      organizations: organizations.map((org) => ({
        id: org.id,
        name: org.name,
        maxSystemUsers: org.maxSystemUsers,
        users: org.users.length,
        byState: Object.fromEntries(
          ['STAGED', 'ACTIVATED', 'SUSPENDED'].map((s) => [s, org.users.filter((user) => user.state === s).length]),
        ),
      })),
    })),
    events: sim.events.length,
    requests: sim.requests.length,
    inFlight: sim.inFlight,
    maxInFlight: sim.maxInFlight,
    faults: sim.faults.map(({ id, fault, matched, fired }) => ({ id, fault, matched, fired })),
  };
}

async function route(sim: JumpCloudSimulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://admin');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const key = `${req.method ?? 'GET'} ${path}`;
  const segments = path.split('/').slice(1).map(decodeURIComponent);

  if (key === 'GET /state') return reply(res, 200, state(sim));
  if (key === 'GET /requests') {
    const since = Number(url.searchParams.get('since') ?? '0');
    return reply(res, 200, sim.requests.filter((entry) => entry.seq > since));
  }
  if (key === 'GET /events') return reply(res, 200, sim.events);
  if (key === 'POST /seed') return reply(res, 200, sim.seed((await readJson(req)) as unknown as SeedInput));
  if (key === 'POST /seed-organizations') {
    const body = await readJson(req);
    const { count, usersPerOrg, ...options } = body as { count?: number; usersPerOrg?: number } & SeedOrganizationsOptions;
    return reply(res, 200, sim.seedOrganizations(count ?? 1, usersPerOrg ?? 0, options));
  }
  if (key === 'POST /faults') return reply(res, 201, { id: sim.addFault((await readJson(req)) as unknown as Fault) });
  if (key === 'DELETE /faults') {
    sim.clearFaults();
    return reply(res, 200, { ok: true });
  }
  if (req.method === 'DELETE' && segments[0] === 'faults' && segments.length === 2) {
    const removed = sim.removeFault(segments[1] ?? '');
    return reply(res, removed ? 200 : 404, { ok: removed });
  }
  if (key === 'POST /rotate-key') return reply(res, 200, { apiKey: sim.rotateApiKey() });
  if (key === 'POST /reset') {
    sim.reset();
    return reply(res, 200, { ok: true });
  }

  if (segments[0] === 'organizations' && segments[1]) {
    const orgId = segments[1];
    if (!sim.organization(orgId)) return reply(res, 404, { error: `no organization ${orgId}` });
    if (req.method === 'DELETE' && segments.length === 2) return reply(res, 200, { ok: sim.removeOrganization(orgId) });
    if (req.method === 'POST' && segments[2] === 'users' && segments.length === 3) {
      const body = await readJson(req);
      const users = Array.isArray(body.users) ? (body.users as UserSeed[]) : Number(body.count ?? 1);
      return reply(res, 200, sim.addUsers(orgId, users));
    }
    if (req.method === 'DELETE' && segments[2] === 'users' && segments[3] && segments.length === 4) {
      const removed = sim.removeUser(orgId, segments[3]);
      return reply(res, removed ? 200 : 404, { ok: removed });
    }
    if (req.method === 'POST' && segments[2] === 'users' && segments[3] && segments[4] === 'state') {
      const body = await readJson(req);
      return reply(res, 200, sim.setUserState(orgId, segments[3], body.state as SimUserState));
    }
    if (req.method === 'POST' && segments[2] === 'events' && segments.length === 3) {
      const body = await readJson(req);
      return reply(res, 200, sim.appendEvents(orgId, (body.events ?? []) as EventSeed[]));
    }
  }
  return reply(res, 404, { error: `no admin route ${key}` });
}

export async function startAdminServer(sim: JumpCloudSimulator, host: string, port: number): Promise<AdminServer> {
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
