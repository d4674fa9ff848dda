import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobDefinition } from '../../jobs/agenda.js';
import type { JobScheduler } from '../../jobs/scheduler.js';
import type { Logger } from '../../shared/logger.js';
import { AuthService } from './auth.service.js';
import { SetupLink } from './setup-link.entity.js';
import { SignInThrottle } from './sign-in-throttle.js';

export const PRUNE_REVOKED_TOKENS = 'auth.prune-revoked-tokens';
const KEEP_REVOKED_FOR_MS = 30 * 24 * 60 * 60_000;

export function authJobs(rootEm: EntityManager, logger: Logger): JobDefinition[] {
  return [
    {
      name: PRUNE_REVOKED_TOKENS,
      async run() {
        const removed = await new AuthService(rootEm.fork()).pruneRevokedTokens(new Date(Date.now() - KEEP_REVOKED_FOR_MS));
        logger.info({ removed }, 'pruned revoked API tokens');
        // Sign-in failures count for 15 minutes only; setup links are dead once used or expired.
        const failures = await new SignInThrottle(rootEm.fork(), Date.now).prune();
        const links = await rootEm.fork().nativeDelete(SetupLink, { expiresAt: { $lt: new Date() } });
        logger.info({ failures, links }, 'pruned old sign-in failures and expired setup links');
      },
    },
  ];
}

export async function scheduleAuthJobs(jobs: JobScheduler): Promise<void> {
  await jobs.every('0 3 * * *', PRUNE_REVOKED_TOKENS, {}, 'UTC');
}
