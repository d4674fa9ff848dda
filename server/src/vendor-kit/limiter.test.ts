import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestLimiter } from './limiter.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

/** A task that runs until released, recording when it started. */
function gate(started: number[]) {
  const releases: Array<() => void> = [];
  const task = () =>
    new Promise<void>((resolve) => {
      started.push(Date.now());
      releases.push(resolve);
    });
  return { task, releaseAll: () => releases.splice(0).forEach((release) => release()) };
}

describe('RequestLimiter', () => {
  it('runs at most maxConcurrent tasks and starts the next as one finishes, in order', async () => {
    const limiter = new RequestLimiter(2, 1_000_000, () => Date.now());
    const started: number[] = [];
    const { task, releaseAll } = gate(started);

    const all = Promise.all(Array.from({ length: 5 }, () => limiter.run(task)));
    await vi.advanceTimersByTimeAsync(0);
    expect(limiter.active).toBe(2);

    releaseAll();
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toHaveLength(4);
    releaseAll();
    await vi.advanceTimersByTimeAsync(0);
    releaseAll();
    await all;
    expect(started).toHaveLength(5);
  });

  it('paces starts to maxPerMinute with no burst', async () => {
    const limiter = new RequestLimiter(10, 60, () => Date.now()); // one start per second
    const started: number[] = [];
    const t0 = Date.now();

    const all = Promise.all(Array.from({ length: 4 }, () => limiter.run(async () => void started.push(Date.now() - t0))));
    await vi.advanceTimersByTimeAsync(3000);
    await all;

    expect(started).toEqual([0, 1000, 2000, 3000]);
  });

  it('restarts tasks that finish together at once when the per-minute limit leaves room for it', async () => {
    // 96,000 a minute is 1.6 starts a millisecond; ten rounds of 16 tasks of 25 ms need 38,400 a minute.
    const limiter = new RequestLimiter(16, 96_000, () => Date.now());
    const t0 = Date.now();
    let finishedAt = 0;
    const task = () => new Promise<void>((resolve) => setTimeout(resolve, 25));
    const all = Promise.all(Array.from({ length: 160 }, () => limiter.run(task))).then(() => (finishedAt = Date.now() - t0));
    await vi.advanceTimersByTimeAsync(1_000);
    await all;
    // Back to back; started one at a time as tokens trickle in, each round would take about 10 ms more.
    expect(finishedAt).toBe(250);
  });

  it('does not throttle when the per-minute limit is far above the concurrency', async () => {
    const limiter = new RequestLimiter(16, 10_000_000, () => Date.now());
    const started: number[] = [];

    await Promise.all(Array.from({ length: 100 }, () => limiter.run(async () => void started.push(Date.now()))));

    expect(new Set(started).size).toBe(1);
  });

  it('rejects waiting tasks when closed', async () => {
    const limiter = new RequestLimiter(1, 1_000_000, () => Date.now());
    const { task, releaseAll } = gate([]);
    const running = limiter.run(task);
    const waiting = limiter.run(task);
    await vi.advanceTimersByTimeAsync(0);

    limiter.close(new Error('closed'));
    releaseAll();

    await expect(waiting).rejects.toThrow('closed');
    await running;
  });
});
