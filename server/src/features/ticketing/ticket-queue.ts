import type { JobScheduler } from '../../jobs/scheduler.js';

/**
 * Alert events wait for their ticket in PostgreSQL (status pending, next_attempt_at); one Agenda job
 * per provider, the drain, claims due events and works through them. Agenda only wakes the drain.
 *
 * Why not one Agenda job per event: every job costs the job store three writes (insert, lock, final
 * save); at tens of alerts a second the embedded FerretDB (SQLite) answers SQLITE_BUSY and job
 * locking stalls. Here a drain that is already running in this process is told "there is more"
 * instead, so a steady stream of alerts costs the job store nothing per alert.
 */
export const CREATE_TICKETS_JOB = 'ticketing.create-tickets';
export interface CreateTicketsJobData {
  providerId: string;
}

/**
 * Drains running in this process, by provider. `more`: events were committed since its last claim;
 * `notify`: resolves the drain's wait for a free slot or news, whichever comes first.
 */
const running = new Map<string, { more: boolean; notify?: () => void }>();

/**
 * Drain jobs queued from this process that have not started here yet, by provider, with when. Until
 * one starts, further wake-ups need no job of their own: it claims everything committed before its
 * first claim. Without this, every alert arriving in the gap before the job starts (up to one Agenda
 * poll) queued another job, and hundreds of no-op jobs starved the real one on the embedded store.
 * Forgotten after QUEUED_FRESH_MS in case the job ran in another process.
 */
const queued = new Map<string, number>();
const QUEUED_FRESH_MS = 5_000;

/**
 * After committing pending events: tell the running drain, or make sure one is queued. `force`
 * queues a job even if one was queued moments ago (the stalled-event check: that one may be lost).
 */
export async function wakeTicketDrain(jobs: JobScheduler, providerId: string, { force = false } = {}): Promise<void> {
  const drain = running.get(providerId);
  if (drain) {
    drain.more = true;
    drain.notify?.();
    return;
  }
  const queuedAt = queued.get(providerId);
  if (!force && queuedAt !== undefined && Date.now() - queuedAt < QUEUED_FRESH_MS) return;
  queued.set(providerId, Date.now());
  try {
    await queueDrain(jobs, providerId);
  } catch (error) {
    queued.delete(providerId);
    throw error;
  }
}

/**
 * Queues a drain job, trying again briefly: the embedded FerretDB answers SQLITE_BUSY when writes
 * collide, and a lost wake-up would leave events waiting for the stalled-event check.
 */
async function queueDrain(jobs: JobScheduler, providerId: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await jobs.now<CreateTicketsJobData>(CREATE_TICKETS_JOB, { providerId });
      return;
    } catch (error) {
      if (attempt >= 4) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25 * 4 ** attempt * (0.5 + Math.random())));
    }
  }
}

/** Registers a drain; false when this process already runs one for the provider (which now knows there is more). */
export function beginDrain(providerId: string): boolean {
  queued.delete(providerId);
  const drain = running.get(providerId);
  if (drain) {
    drain.more = true;
    return false;
  }
  running.set(providerId, { more: false });
  return true;
}

/**
 * Called when a claim came back empty: true (and reset) if events were committed meanwhile, so the
 * drain claims again. When false the caller must `endDrain` without awaiting anything in between:
 * a wake that lands after that queues a new drain.
 */
export function takeMore(providerId: string): boolean {
  const drain = running.get(providerId);
  if (!drain?.more) return false;
  drain.more = false;
  return true;
}

/**
 * Resolves at the drain's next wake-up (for a drain waiting on its attempts in flight), at once if
 * one came since its last claim; either way the caller claims next. A notify left over from a wait
 * that ended otherwise resolves nothing and leaves `more` set, so no wake-up is lost.
 */
export function nextWake(providerId: string): Promise<void> {
  return new Promise((resolve) => {
    const drain = running.get(providerId);
    if (!drain) return resolve();
    if (drain.more) {
      drain.more = false;
      return resolve();
    }
    drain.notify = () => {
      drain.notify = undefined;
      resolve();
    };
  });
}

export function endDrain(providerId: string): void {
  running.delete(providerId);
}
