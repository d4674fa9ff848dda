import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';

export const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TemporaryDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database on the server behind `serverUrl`, for a test run or a migration diff. */
export async function createTemporaryDatabase(prefix: string, serverUrl = LOCAL_POSTGRES_URL): Promise<TemporaryDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await withMaintenanceConnection(serverUrl, (orm) => orm.em.getConnection().execute(`create database "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await withMaintenanceConnection(serverUrl, (orm) =>
        orm.em.getConnection().execute(`drop database if exists "${name}" with (force)`),
      );
    },
  };
}

async function withMaintenanceConnection<T>(serverUrl: string, work: (orm: MikroORM) => Promise<T>): Promise<T> {
  const orm = await MikroORM.init({
    clientUrl: serverUrl,
    entities: [],
    discovery: { warnWhenNoEntities: false },
    pool: { min: 0, max: 1 },
  });
  try {
    return await work(orm);
  } finally {
    await orm.close(true);
  }
}
