/**
 * Where start-up time goes, phase by phase (logged at debug level, read by bench/start.bench.ts).
 * `performance.now()` counts from the process's start, so the first phase includes loading modules.
 */
export class StartupTimer {
  readonly phases: Record<string, number> = {};
  private last = 0;

  mark(phase: string): void {
    const now = performance.now();
    this.phases[phase] = Math.round(now - this.last);
    this.last = now;
  }

  get totalMs(): number {
    return Math.round(this.last);
  }
}
