import { UniqueConstraintViolationException } from '@mikro-orm/core';

/**
 * True for PostgreSQL's unique violation, whether MikroORM converted it (flush, insert) or it came
 * from raw SQL (em.execute hands back the driver's error, SQLSTATE 23505).
 */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof UniqueConstraintViolationException) return true;
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

/**
 * For writes that mean "make it so" (create or update by a key): when a concurrent request inserted the
 * same key first, run the work again — it now finds that row and updates it. `work` must start from a
 * clean unit of work (em.transactional forks one), or the failed insert would be flushed again. After
 * the last attempt the violation goes to formatError, which answers CONFLICT.
 */
export async function retryOnUniqueViolation<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isUniqueViolation(error)) throw error;
    }
  }
}
