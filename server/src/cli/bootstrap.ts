import type { MikroORM } from '@mikro-orm/postgresql';
import { Admin } from '../features/auth/admin.entity.js';
import { AuthService } from '../features/auth/auth.service.js';
import { Role } from '../features/auth/roles.js';

export const FIRST_ADMIN = { providerName: 'Local MSP', email: 'admin@localhost', roles: [Role.BILLING, Role.ADMIN] };

/**
 * The embedded database belongs to the running process (PGlite serves one connection), so the
 * admin:create command cannot reach it meanwhile: on the very first start the server makes the first
 * admin itself and hands its token over once.
 */
export async function bootstrapFirstAdmin(orm: MikroORM): Promise<{ email: string; token: string } | undefined> {
  const em = orm.em.fork();
  if ((await em.count(Admin, {}, { filters: false })) > 0) return undefined;
  const { admin, token } = await new AuthService(em).createProviderAdmin(FIRST_ADMIN);
  return { email: admin.email, token };
}
