import type DataLoader from 'dataloader';

/**
 * A request's DataLoader in front of which values already read can be put (a page of organizations reads
 * each row's usage and mapping with it). A primed key answers synchronously: DataLoader's own `prime()`
 * would still answer with a promise, and that is one per row of a 1,000-row page.
 */
export class PrimedLoader<V> {
  private readonly primed = new Map<string, V | null>();

  constructor(private readonly loader: DataLoader<string, V | null>) {}

  prime(key: string, value: V | null): void {
    this.primed.set(key, value);
  }

  /** At once when primed, otherwise batched with the request's other reads. */
  get(key: string): V | null | Promise<V | null> {
    return this.primed.has(key) ? (this.primed.get(key) ?? null) : this.loader.load(key);
  }
}
