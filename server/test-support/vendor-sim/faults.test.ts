import { describe, expect, it } from 'vitest';
import { FaultInjector } from './faults.js';

describe('fault injection', () => {
  it('matches by method and route pattern, one segment per *', () => {
    const faults = new FaultInjector();
    faults.add({ method: 'PATCH', path: 'finance/agreements/*/additions/*', type: 'status', status: 500 });

    expect(faults.decide('PATCH', 'finance/agreements/1/additions/2').terminal?.action).toEqual({ type: 'status', status: 500 });
    expect(faults.decide('GET', 'finance/agreements/1/additions/2').terminal).toBeUndefined();
    expect(faults.decide('PATCH', 'finance/agreements/1/additions').terminal).toBeUndefined();
  });

  it('matches everything below a ** pattern', () => {
    const faults = new FaultInjector();
    faults.add({ path: 'service/**', type: 'reset' });

    expect(faults.decide('POST', 'service/tickets').terminal).toBeDefined();
    expect(faults.decide('GET', 'company/companies').terminal).toBeUndefined();
  });

  it('lets `skip` requests through, then fires `times` times', () => {
    const faults = new FaultInjector();
    faults.add({ path: 'system/info', type: 'status', status: 503, skip: 1, times: 2 });

    const fired = Array.from({ length: 5 }, () => faults.decide('GET', 'system/info').terminal !== undefined);

    expect(fired).toEqual([false, true, true, false, false]);
  });

  it('adds latencies together and still lets a later fault decide', () => {
    const faults = new FaultInjector();
    faults.add({ type: 'latency', ms: 25 });
    faults.add({ path: 'system/info', type: 'latency', ms: 10 });
    faults.add({ path: 'system/info', type: 'malformed-json' });

    expect(faults.decide('GET', 'system/info')).toEqual({
      latencyMs: 35,
      terminal: { name: 'malformed-json', type: 'malformed-json', action: { type: 'malformed-json' } },
    });
  });

  it('admits a request budget per window, then answers 429 with Retry-After', () => {
    const faults = new FaultInjector();
    faults.add({ type: 'rate-limit', limit: 2, windowMs: 1000, retryAfterSeconds: 3 });

    const at = (ms: number) => faults.decide('GET', 'x', ms).terminal?.action;

    expect([at(0), at(10)]).toEqual([undefined, undefined]);
    expect(at(20)).toEqual({ type: 'too-many-requests', retryAfterSeconds: 3 });
    expect(at(1001)).toBeUndefined();
  });

  it('fires with the given probability', () => {
    const faults = new FaultInjector();
    faults.add({ type: 'status', status: 500, probability: 0 });
    faults.add({ path: 'a', type: 'status', status: 502, probability: 1 });

    expect(faults.decide('GET', 'a').terminal?.action).toMatchObject({ status: 502 });
  });

  it('refuses a fault it does not know', () => {
    expect(() => new FaultInjector().add({ type: 'explode' } as never)).toThrow(TypeError);
  });
});
