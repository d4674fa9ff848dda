import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import {
  loggedHeaders,
  VendorSimulator,
  type ContractRequest,
  type LoggedRequest,
  type SimRequest,
  type SimResponse,
  type SimulatorContract,
  type VendorSimulatorOptions,
} from './server.js';

interface EchoEntry extends LoggedRequest {
  headers: Record<string, string>;
}

/** The smallest vendor on the kit: answers every request with what it received. */
class EchoSimulator extends VendorSimulator<EchoEntry> {
  protected readonly displayName = 'Echo';
  protected readonly tempPrefix = 'echo-sim-';
  protected readonly malformedJson = '{"trunc';
  /** What the next answer's body is, to make the simulator itself break a contract. */
  answerBody: unknown = undefined;

  constructor(options: VendorSimulatorOptions = {}) {
    super(options);
  }

  protected answer(req: SimRequest): SimResponse {
    return { status: 200, body: this.answerBody ?? { method: req.method, path: req.url.pathname, body: req.body } };
  }

  protected logEntry(req: SimRequest, base: LoggedRequest): EchoEntry {
    return { ...base, headers: loggedHeaders(req.headers) };
  }

  protected faultRoute(url: URL): string {
    return url.pathname.replace(/^\/+/, '');
  }

  protected errorAnswer(status: number, message: string | undefined): SimResponse {
    return { status, body: { error: message ?? 'echo error' } };
  }

  protected vendorState(): Record<string, unknown> {
    return { vendor: 'echo' };
  }
}

const running: EchoSimulator[] = [];
const agents: Agent[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
  await Promise.all(agents.splice(0).map((agent) => agent.close()));
});

async function start(options: VendorSimulatorOptions = {}): Promise<EchoSimulator> {
  const sim = await new EchoSimulator(options).start();
  running.push(sim);
  return sim;
}

async function call(sim: EchoSimulator, path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  const agent = new Agent({ connect: { ca: sim.ca } });
  agents.push(agent);
  const res = await request(`${sim.url}${path}`, {
    method: (init.method ?? 'GET') as 'GET',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    dispatcher: agent,
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text };
}

/** A contract that wants a `name` in every POST body and forbids `secret` in any answer. */
const dummyContract: SimulatorContract = {
  checkRequest: (req) =>
    req.method === 'POST' && !(req.body as { name?: string } | undefined)?.name ? [{ field: 'name', missing: true, message: 'body.name is required' }] : [],
  checkResponse: (_req: ContractRequest, res) => (JSON.stringify(res.body).includes('secret') ? ['body must not contain secret'] : []),
};

describe('contract hook', () => {
  it('answers 400 ContractViolation, listing the violations, to a request that breaks the contract', async () => {
    const sim = await start({ contract: dummyContract });

    const res = await call(sim, '/things', { method: 'POST', body: { other: 1 } });

    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toMatchObject({ code: 'ContractViolation', errors: ['body.name is required'] });
    expect(sim.requests[0]).toMatchObject({ status: 400 });
  });

  it('passes a conforming request through to the vendor', async () => {
    const sim = await start({ contract: dummyContract });

    const res = await call(sim, '/things', { method: 'POST', body: { name: 'a' } });

    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ method: 'POST', path: '/things', body: { name: 'a' } });
  });

  it('turns an answer that breaks the contract into a 500 naming the simulator bug', async () => {
    const sim = await start({ contract: dummyContract });
    sim.answerBody = { token: 'secret' };

    const res = await call(sim, '/things');

    expect(res.status).toBe(500);
    expect(JSON.parse(res.text)).toMatchObject({ code: 'ContractViolation', errors: ['body must not contain secret'] });
    expect(JSON.parse(res.text).message).toMatch(/simulator bug/);
  });

  it('checks nothing without a contract', async () => {
    const sim = await start();
    sim.answerBody = { token: 'secret' };

    expect((await call(sim, '/things', { method: 'POST', body: {} })).status).toBe(200);
  });
});

describe('faults', () => {
  it('marks every faulted answer with x-simulator-fault and its fault type', async () => {
    const sim = await start();
    sim.addFault({ path: 'status', type: 'status', status: 503 });
    sim.addFault({ path: 'limited', type: 'rate-limit', limit: 0, retryAfterSeconds: 7 });
    sim.addFault({ path: 'broken', type: 'malformed-json' });
    sim.addFault({ path: 'shaped', type: 'respond', status: 202, body: { odd: true } });

    const [status, limited, broken, shaped, plain] = await Promise.all(
      ['/status', '/limited', '/broken', '/shaped', '/plain'].map((path) => call(sim, path)),
    );

    expect([status, limited, broken, shaped].map((res) => [res?.status, res?.headers['x-simulator-fault']])).toEqual([
      [503, 'status'],
      [429, 'rate-limit'],
      [200, 'malformed-json'],
      [202, 'respond'],
    ]);
    expect(JSON.parse(status!.text)).toEqual({ error: 'Simulated 503' });
    expect(limited!.headers['retry-after']).toBe('7');
    expect(plain!.headers['x-simulator-fault']).toBeUndefined();
  });
});

describe('request log', () => {
  it('keeps headers but never the secret ones', async () => {
    const sim = await start();

    await call(sim, '/x', { headers: { 'x-api-key': 'k', authorization: 'Basic a', cookie: 'c=1', 'x-org-id': 'org' } });

    expect(sim.requests[0]?.headers).toMatchObject({ 'x-org-id': 'org' });
    expect(sim.requests[0]?.headers).not.toHaveProperty('x-api-key');
    expect(sim.requests[0]?.headers).not.toHaveProperty('authorization');
    expect(sim.requests[0]?.headers).not.toHaveProperty('cookie');
  });
});

describe('admin endpoint', () => {
  it('serves the shared routes: state, requests, faults and reset', async () => {
    const sim = await start({ admin: true });
    const admin = async (method: string, path: string, body?: unknown) => {
      const res = await request(`${sim.adminUrl}${path}`, { method: method as 'GET', body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> & unknown[] };
    };

    const added = await admin('POST', '/faults', { path: 'down', type: 'status', status: 500 });
    expect(added.status).toBe(201);
    await call(sim, '/down');

    expect((await admin('GET', '/state')).body).toMatchObject({ vendor: 'echo', inFlight: 0, faults: [{ id: added.body.id, fired: 1 }] });
    expect((await admin('GET', '/requests?since=0')).body).toMatchObject([{ path: '/down', status: 500, fault: 'status' }]);
    expect((await admin('DELETE', `/faults/${String(added.body.id)}`)).status).toBe(200);
    expect((await admin('DELETE', '/faults/nope')).status).toBe(404);
    expect((await admin('POST', '/reset')).body).toEqual({ ok: true });
    expect(sim.requests).toHaveLength(0);
    expect((await admin('GET', '/nowhere')).status).toBe(404);
  });
});
