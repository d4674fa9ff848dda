import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { SignInFailure } from './sign-in-attempt.entity.js';

/** Failures older than this are forgotten, so no one is locked out for good. */
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
const FREE_FAILURES_PER_ACCOUNT = 5;
// One office behind one address may hold several admins mistyping at once.
const FREE_FAILURES_PER_IP = 50;
const FIRST_WAIT_MS = 30_000;
const MAX_WAIT_MS = 15 * 60 * 1000;

/** After `free` failures, each further one doubles the wait from 30 s, up to 15 minutes. */
export function waitAfter(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(FIRST_WAIT_MS * 2 ** Math.min(failures - free, 10), MAX_WAIT_MS);
}

/**
 * Password sign-in attempts per account (email) and per client address, counted in PostgreSQL so every
 * server process sees the same numbers.
 */
export class SignInThrottle {
  constructor(
    private readonly em: EntityManager,
    private readonly now: () => number,
  ) {}

  /** Throws TOO_MANY_ATTEMPTS (with retryAfterSeconds) while the account or the address must wait. */
  async check(email: string, clientIp: string): Promise<void> {
    const since = new Date(this.now() - FAILURE_WINDOW_MS);
    const [account, address] = await Promise.all([this.failures({ email }, since), this.failures({ clientIp }, since)]);
    const retryAt = Math.max(
      account.last + waitAfter(account.count, FREE_FAILURES_PER_ACCOUNT),
      address.last + waitAfter(address.count, FREE_FAILURES_PER_IP),
    );
    const retryAfterSeconds = Math.ceil((retryAt - this.now()) / 1000);
    if (retryAfterSeconds > 0) {
      throw new AppError(ErrorCode.TooManyAttempts, `too many failed sign-ins: try again in ${retryAfterSeconds} seconds`, { retryAfterSeconds });
    }
  }

  async recordFailure(email: string, clientIp: string): Promise<void> {
    // Written at once, not with the unit of work: the request goes on to fail.
    await this.em.insert(SignInFailure, { id: randomUUID(), email, clientIp, createdAt: new Date(this.now()) });
  }

  /** A successful sign-in starts the account's count over (the address keeps its count). */
  async clear(email: string): Promise<void> {
    await this.em.nativeDelete(SignInFailure, { email });
  }

  /** Deletes failures past the window; for a periodic job. */
  async prune(): Promise<number> {
    return this.em.nativeDelete(SignInFailure, { createdAt: { $lt: new Date(this.now() - FAILURE_WINDOW_MS) } });
  }

  private async failures(where: { email: string } | { clientIp: string }, since: Date) {
    const [column, value] = 'email' in where ? ['email', where.email] : ['client_ip', where.clientIp];
    const [row] = await this.em.execute<{ count: string; last: Date | string | null }[]>(
      `select count(*) as count, max(created_at) as last from sign_in_failures where ${column} = ? and created_at >= ?`,
      [value, since],
    );
    return { count: Number(row?.count ?? 0), last: row?.last ? new Date(row.last).getTime() : 0 };
  }
}
