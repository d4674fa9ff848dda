import { useQuery } from '@urql/vue';
import { graphql } from '../gql';
import type { Role } from '../gql/graphql';

export type { Role };

/**
 * The signed-in admin, with the roles the screens are offered by. The shell and the landing page both
 * read it; urql answers the second from the first's request.
 */
export const ShellViewerQuery = graphql(`
  query ShellViewer {
    viewer {
      id
      email
      roles
      provider {
        id
        name
      }
    }
  }
`);

export function useViewer() {
  return useQuery({ query: ShellViewerQuery });
}

/**
 * Whether roles allow a screen: as the server's `@Authorized(...)`, any one of the roles it names will do;
 * a screen that names none is open to every signed-in admin.
 */
export function canUse(needs: readonly Role[] | undefined, roles: readonly Role[]): boolean {
  return !needs?.length || needs.some((role) => roles.includes(role));
}

const roleNames: Record<Role, string> = { ADMIN: 'Admin', BILLING: 'Billing' };

/** The role as the product names it: `BILLING` → "Billing". */
export function roleName(role: Role): string {
  return roleNames[role] ?? role;
}

/** "Billing", "Billing or Admin": the roles a screen accepts, any one of them. */
export function anyOfRoles(roles: readonly Role[]): string {
  return roles.map(roleName).join(' or ');
}
