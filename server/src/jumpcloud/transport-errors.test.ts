import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../shared/network-failure.js';
import { httpError, networkError } from './transport-errors.js';

const label = { method: 'GET', path: '/api/systemusers?limit=1', orgId: 'org1' };
const scrub = (text: string) => text.split('SECRETKEY').join('[redacted]');

describe('mapping JumpCloud answers to error kinds', () => {
  it.each([
    [401, '{"message":"Unauthorized"}', 'unauthorized', false],
    [403, '{"code":403,"message":"Forbidden"}', 'forbidden', false],
    [404, '{"message":"Organization not found"}', 'not-found', false],
    [408, '', 'timeout', true],
    [409, '{"message":"conflict"}', 'bad-request', false],
    [422, '{"message":"invalid"}', 'bad-request', false],
    [429, '{"message":"Too Many Requests"}', 'rate-limited', true],
    [500, '<html>oops</html>', 'upstream', true],
    [503, 'Service Unavailable', 'upstream', true],
    [302, '', 'bad-response', false],
  ] as const)('%i → %s', (status, body, kind, transient) => {
    const error = httpError(status, body, undefined, label, scrub);

    expect(error).toMatchObject({ kind, status, transient, method: 'GET', path: label.path, orgId: 'org1' });
  });

  it('keeps the message from v1 {message}, v2 {code, message} and plain-text bodies, never HTML', () => {
    expect(httpError(400, '{"message":"bad filter"}', undefined, label, scrub).apiMessage).toBe('bad filter');
    expect(httpError(400, '{"code":400,"message":"bad limit","fields":"limit"}', undefined, label, scrub).apiMessage).toBe('bad limit');
    expect(httpError(502, 'Bad Gateway', undefined, label, scrub).apiMessage).toBe('Bad Gateway');
    expect(httpError(502, '<html><body>Bad Gateway</body></html>', undefined, label, scrub).apiMessage).toBeUndefined();
  });

  it('scrubs secrets out of the API message and our own message', () => {
    const error = httpError(401, '{"message":"key SECRETKEY is invalid"}', undefined, label, scrub);

    expect(error.apiMessage).toBe('key [redacted] is invalid');
    expect(error.message).not.toContain('SECRETKEY');
  });

  it('reads Retry-After in seconds or as an HTTP date', () => {
    const now = Date.parse('2026-03-01T00:00:00Z');

    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter('Sun, 01 Mar 2026 00:00:05 GMT', now)).toBe(5);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(httpError(429, '', '7', label, scrub).retryAfterSeconds).toBe(7);
  });
});

describe('mapping connection failures', () => {
  const cause = (code: string) => Object.assign(new Error(`failed with ${code}`), { code });

  it('a timeout is transient', () => {
    expect(networkError(new Error('aborted'), label, true, 1000, scrub)).toMatchObject({ kind: 'timeout', transient: true });
  });

  it('an unknown host and a rejected certificate will not fix themselves', () => {
    expect(networkError(cause('ENOTFOUND'), label, false, 1000, scrub)).toMatchObject({ kind: 'network', transient: false });
    expect(networkError(cause('SELF_SIGNED_CERT_IN_CHAIN'), label, false, 1000, scrub)).toMatchObject({
      kind: 'network',
      transient: false,
    });
  });

  it('a refused or reset connection may', () => {
    expect(networkError(cause('ECONNREFUSED'), label, false, 1000, scrub)).toMatchObject({ kind: 'network', transient: true });
    expect(networkError(cause('ECONNRESET'), label, false, 1000, scrub)).toMatchObject({ kind: 'network', transient: true });
  });
});
