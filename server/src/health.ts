import type { MikroORM } from '@mikro-orm/postgresql';
import type { MongoClient } from 'mongodb';
import { pendingMigrations } from './db/orm.js';

interface Check {
  ok: boolean;
  error?: string;
}

export interface Readiness {
  status: 'ready' | 'not-ready';
  checks: { postgres: Check; mongodb: Check; migrations: Check & { pending: number } };
}

const CHECK_TIMEOUT_MS = 2_000;

/** `/readyz`: both databases answer and every migration is applied. */
export async function readiness(orm: MikroORM, mongo: MongoClient): Promise<Readiness> {
  const [postgres, mongodb, migrations] = await Promise.all([
    check(() => orm.em.fork().execute('select 1')),
    check(() => mongo.db().command({ ping: 1 })),
    pendingMigrations(orm).then(
      (pending) => ({ ok: pending === 0, pending }),
      (error: unknown) => ({ ok: false, pending: -1, error: messageOf(error) }),
    ),
  ]);
  const ready = postgres.ok && mongodb.ok && migrations.ok;
  return { status: ready ? 'ready' : 'not-ready', checks: { postgres, mongodb, migrations } };
}

async function check(probe: () => Promise<unknown>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: messageOf(error) };
  } finally {
    clearTimeout(timer);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
