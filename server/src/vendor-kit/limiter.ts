/**
 * Per-client request limits: at most `maxConcurrent` tasks running, and task starts paced to
 * `maxPerMinute` (when given; `undefined` paces nothing) by a token bucket that holds at most ten
 * milliseconds' worth of starts (never less than one), so a 60-second
 * window never sees meaningfully more than the limit and, at ConnectWise's usual 1,000 a minute, there is
 * no burst after idle. Ten, not one: tasks finishing together (16 requests sent together come back
 * together) would otherwise restart one per timer tick, and a high limit would not be reached.
 *
 * Why not Bottleneck: its local datastore yields to the event loop with `setTimeout(0)` several times per
 * job, adding ~13 ms to every request; measured with 25 ms jobs and 16 slots it sustained ~420 jobs/s
 * against the 640 possible. This FIFO limiter adds no timer unless a start actually has to wait.
 */
const BURST_WINDOW_MS = 10;

export class RequestLimiter {
  private running = 0;
  private readonly waiting: Array<{ start: () => void; cancel: (reason: Error) => void }> = [];
  private tokens: number;
  private refilledAt: number;
  private timer: NodeJS.Timeout | undefined;
  private readonly perMs: number;
  private readonly capacity: number;
  private readonly paced: boolean;

  constructor(
    private readonly maxConcurrent: number,
    maxPerMinute: number | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(maxConcurrent >= 1) || !(maxPerMinute === undefined || maxPerMinute > 0)) throw new RangeError('limits must be positive');
    this.paced = maxPerMinute !== undefined;
    this.perMs = (maxPerMinute ?? 1) / 60_000;
    this.capacity = Math.max(1, this.perMs * BURST_WINDOW_MS);
    this.tokens = this.capacity;
    this.refilledAt = this.now();
  }

  /** Tasks currently running (not waiting). */
  get active(): number {
    return this.running;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await new Promise<void>((start, cancel) => {
      this.waiting.push({ start, cancel });
      this.pump();
    });
    try {
      return await task();
    } finally {
      this.running--;
      this.pump();
    }
  }

  /** Stops the pacing timer; tasks still waiting are rejected with `reason` instead of starting. */
  close(reason: Error): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const { cancel } of this.waiting.splice(0)) cancel(reason);
  }

  private pump(): void {
    if (this.timer) return;
    while (this.waiting.length > 0 && this.running < this.maxConcurrent) {
      if (!this.paced) {
        this.running++;
        this.waiting.shift()?.start();
        continue;
      }
      const now = this.now();
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.refilledAt) * this.perMs);
      this.refilledAt = now;
      if (this.tokens < 1) {
        const waitMs = (1 - this.tokens) / this.perMs;
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, waitMs);
        return;
      }
      this.tokens -= 1;
      this.running++;
      this.waiting.shift()?.start();
    }
  }
}
