import { describe, expect, it } from 'vitest';
import { packBySize } from './sync.service.js';

describe('packBySize (results per progress event)', () => {
  it('keeps every result, in order, with each event under the byte budget even for long non-ASCII names', () => {
    const results = Array.from({ length: 40 }, (_, i) => ({ position: i, organizationName: 'Société Générale — 東京支社 '.repeat(7).slice(0, 200) }));
    const packs = packBySize(results, 6_000);
    expect(packs.flat()).toEqual(results);
    for (const pack of packs) expect(Buffer.byteLength(JSON.stringify(pack))).toBeLessThanOrEqual(6_000);
    // Counting characters instead of bytes would have put more in each event.
    expect(packs.length).toBeGreaterThan(Math.ceil((JSON.stringify(results).length + 1) / 6_000));
  });

  it('sends an item larger than the budget on its own', () => {
    expect(packBySize(['x'.repeat(50), 'y', 'z'], 20)).toEqual([['x'.repeat(50)], ['y', 'z']]);
  });
});
