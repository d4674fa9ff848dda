import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, limitHeapGrowth } from './heap-growth.js';

const modulePath = fileURLToPath(new URL('./heap-growth.ts', import.meta.url));

/**
 * A process whose old generation fills with garbage at a steady live size (~40 MB of arrays, each
 * replaced after 40,000 others were made, so it lives long enough to be promoted): its peak heap in MB.
 * `--max-old-space-size=4096` gives V8 its large-machine growth (a factor of up to 4) on any machine.
 */
function peakHeapMb(limit: boolean): number {
  const script = `
    import { getHeapStatistics } from 'node:v8';
    import { limitHeapGrowth } from ${JSON.stringify(modulePath)};
    if (${limit}) limitHeapGrowth([], '');
    const ring = new Array(40_000);
    let peak = 0;
    for (let i = 0; i < 1_200_000; i++) {
      ring[i % ring.length] = new Array(120).fill(i);
      if (i % 2_000 === 0) peak = Math.max(peak, getHeapStatistics().used_heap_size);
    }
    console.log(Math.round(peak / 1048576));
  `;
  const result = spawnSync(process.execPath, ['--max-old-space-size=4096', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return Number(result.stdout.trim());
}

describe('limitHeapGrowth', () => {
  it('makes V8 collect promoted garbage sooner: a lower peak heap for the same work', { timeout: 60_000 }, () => {
    const unlimited = peakHeapMb(false);
    const limited = peakHeapMb(true);
    // About 4× against 2× the ~40 MB live: the peaks differ by far more than run-to-run noise.
    expect(limited, `peak ${limited} MB limited vs ${unlimited} MB`).toBeLessThan(unlimited * 0.75);
  });

  it("leaves an operator's own --heap-growing-percent alone", () => {
    expect(limitHeapGrowth(['--heap-growing-percent=50'], '')).toBeUndefined();
    expect(limitHeapGrowth([], '--enable-source-maps --heap_growing_percent=30')).toBeUndefined();
    expect(limitHeapGrowth([], '')).toBe(HEAP_GROWING_PERCENT);
  });
});
