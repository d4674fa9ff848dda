/** How services ask for background work; only jobs/ knows that Agenda is behind it. */
export interface JobScheduler {
  /** Run as soon as a worker is free. */
  now<T extends object>(name: string, data: T): Promise<void>;
  /**
   * Run as soon as possible, unless a job of this name whose data match `key` already exists (done,
   * running or waiting): safe to call again for the same work.
   */
  enqueueOnce<T extends object>(name: string, data: T, key: Record<string, unknown>): Promise<void>;
  /** Run at `when`. */
  at<T extends object>(when: Date, name: string, data: T): Promise<void>;
  /** Keep one recurring job per (name, data) pair: `interval` is cron or human ("1 day"). */
  every<T extends object>(interval: string, name: string, data: T, timeZone?: string): Promise<void>;
  /**
   * `every` for many schedules at once, as a start does: one read of what is stored, and a write only
   * for a schedule that is missing, changed or stored twice.
   */
  everyAll(schedules: RecurringSchedule[]): Promise<void>;
  /** Remove pending and recurring jobs of these names whose data match. */
  cancel(names: string[], dataMatch?: Record<string, unknown>): Promise<number>;
}

export interface RecurringSchedule {
  interval: string;
  name: string;
  data: object;
  timeZone?: string;
}
