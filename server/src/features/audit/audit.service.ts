import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { newestFirstPage, type Page } from '../../shared/pagination.js';
import type { Viewer } from '../auth/auth.service.js';
import { AuditEntry } from './audit.entity.js';

const SECRET_FIELDS = /key|secret|token|password/i;

/** Replaces secret-looking values, keeping only whether they were set (and a public key's last 4). */
export function maskSecrets(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(details).map(([key, value]) => {
      if (SECRET_FIELDS.test(key) && typeof value === 'string') return [key, value ? '••••' + (/public/i.test(key) ? value.slice(-4) : '') : ''];
      if (value && typeof value === 'object' && !Array.isArray(value)) return [key, maskSecrets(value as Record<string, unknown>)];
      return [key, value];
    }),
  );
}

export class AuditService {
  constructor(private readonly em: EntityManager) {}

  /** Adds an entry to the unit of work: it is written with the change it describes, or not at all. */
  record(viewer: Viewer, action: string, details: Record<string, unknown> = {}): AuditEntry {
    return this.em.create(AuditEntry, {
      provider: viewer.scope.providerId,
      actor: viewer.admin.id,
      action,
      details: maskSecrets(details),
    });
  }

  async list(first = 50, after?: string): Promise<Page<AuditEntry>> {
    if (first < 1 || first > 200) throw new AppError(ErrorCode.BadUserInput, 'first must be 1 to 200', { field: 'first' });
    return newestFirstPage(this.em, AuditEntry, {}, first, after, ['actor']);
  }
}
