import type { MikroORM } from '@mikro-orm/postgresql';
import { Admin } from '../features/auth/admin.entity.js';
import { AuthService } from '../features/auth/auth.service.js';
import { Role } from '../features/auth/roles.js';
import { createSetupLink } from '../features/auth/setup-links.js';

export const FIRST_ADMIN = { providerName: 'Local MSP', email: 'admin@localhost', roles: [Role.BILLING, Role.ADMIN] };

/**
 * The embedded database belongs to the running process (PGlite serves one connection), so the
 * admin:create command cannot reach it meanwhile: on the very first start the server makes the first
 * admin itself and hands over, once, a setup link's token for choosing a password. (Its API token is
 * made too, as admin:create makes one, but not shown: the admin can create tokens once signed in.)
 */
export async function bootstrapFirstAdmin(orm: MikroORM): Promise<{ email: string; setupToken: string } | undefined> {
  const em = orm.em.fork();
  if ((await em.count(Admin, {}, { filters: false })) > 0) return undefined;
  const { admin } = await new AuthService(em).createProviderAdmin(FIRST_ADMIN);
  return { email: admin.email, setupToken: await createSetupLink(em, admin) };
}
