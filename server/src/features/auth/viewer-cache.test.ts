import { describe, expect, it } from 'vitest';
import type { Viewer } from './auth.service.js';
import { ViewerCache } from './viewer-cache.js';

const viewer = (tokenId: string) => ({ tokenId, admin: {}, scope: { providerId: 'p' } }) as unknown as Viewer;

describe('ViewerCache', () => {
  it('serves a token for its lifetime only, so a change made outside the API is seen within it', () => {
    const cache = new ViewerCache(15_000);
    cache.set('hash-a', viewer('a'), 0, 1_000);
    expect(cache.get('hash-a', 15_999)?.viewer.tokenId).toBe('a');
    expect(cache.get('hash-a', 16_000)).toBeUndefined();
    expect(cache.get('hash-a', 1_000)).toBeUndefined();
  });

  it('forgets every entry of a revoked token and keeps the others', () => {
    const cache = new ViewerCache();
    cache.set('hash-a', viewer('a'), 0);
    cache.set('hash-b', viewer('b'), 0);
    cache.forgetToken('a');
    expect(cache.get('hash-a')).toBeUndefined();
    expect(cache.get('hash-b')?.viewer.tokenId).toBe('b');
  });

  it('never holds more than its bound', () => {
    const cache = new ViewerCache(15_000, 2);
    for (const id of ['a', 'b', 'c']) cache.set(`hash-${id}`, viewer(id), 0);
    expect(['a', 'b', 'c'].filter((id) => cache.get(`hash-${id}`)).length).toBeLessThanOrEqual(2);
    expect(cache.get('hash-c')?.viewer.tokenId).toBe('c');
  });
});
