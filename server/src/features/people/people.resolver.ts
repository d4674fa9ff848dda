import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CurrentViewer, type Context } from '../../graphql/context.js';
import { ApiToken } from '../auth/api-token.entity.js';
import type { Viewer } from '../auth/auth.service.js';
import { Role } from '../auth/roles.js';
import { tokenExpiresAt } from './people.service.js';
import { IssuedSetupLink, Person } from './person.types.js';

const APP_URL = { description: "The admin app's address (window.location.origin): the setup link is built on it." };

@Resolver(() => Person)
export class PeopleResolver {
  @Authorized(Role.ADMIN)
  @Query(() => [Person], { description: "The provider's admins." })
  people(@Ctx() { services }: Context): Promise<Person[]> {
    return services.people.list();
  }

  @FieldResolver(() => [ApiToken], { description: 'Their live browser sessions and API tokens, newest first.' })
  tokens(@Root() person: Person, @Ctx() { services }: Context): Promise<ApiToken[]> {
    return services.people.tokens(person.id);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => IssuedSetupLink, { description: 'A new admin of the provider, without a password, and the one-time link to choose one.' })
  inviteAdmin(
    @Arg('email', () => String) email: string,
    @Arg('roles', () => [Role]) roles: Role[],
    @Arg('appUrl', () => String, APP_URL) appUrl: string,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { services }: Context,
  ): Promise<IssuedSetupLink> {
    return services.people.invite(viewer, { email, roles, appUrl });
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => IssuedSetupLink, { description: 'A fresh setup link for someone who lost theirs; their earlier unused links stop working.' })
  newSetupLink(
    @Arg('adminId', () => ID) adminId: string,
    @Arg('appUrl', () => String, APP_URL) appUrl: string,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { services }: Context,
  ): Promise<IssuedSetupLink> {
    return services.people.newSetupLink(viewer, adminId, appUrl);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Person, { description: 'Replaces their roles (at least one); the last active ADMIN keeps ADMIN (extensions.reason LAST_ADMIN).' })
  setAdminRoles(
    @Arg('adminId', () => ID) adminId: string,
    @Arg('roles', () => [Role]) roles: Role[],
    @CurrentViewer() viewer: Viewer,
    @Ctx() { services }: Context,
  ): Promise<Person> {
    return services.people.setRoles(viewer, adminId, roles);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Person, { description: 'Revokes all their sessions and tokens at once and refuses their sign-ins; never the last active ADMIN.' })
  deactivateAdmin(@Arg('adminId', () => ID) adminId: string, @CurrentViewer() viewer: Viewer, @Ctx() { services }: Context): Promise<Person> {
    return services.people.deactivate(viewer, adminId);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Person, { description: 'They may sign in again (their old tokens stay revoked).' })
  reactivateAdmin(@Arg('adminId', () => ID) adminId: string, @CurrentViewer() viewer: Viewer, @Ctx() { services }: Context): Promise<Person> {
    return services.people.reactivate(viewer, adminId);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Person, { description: 'Turns off their two-factor sign-in and deletes their recovery codes (a lost authenticator).' })
  resetAdminTwoFactor(@Arg('adminId', () => ID) adminId: string, @CurrentViewer() viewer: Viewer, @Ctx() { services }: Context): Promise<Person> {
    return services.people.resetTwoFactor(viewer, adminId);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ApiToken, { description: "Revokes one of the provider's browser sessions or API tokens, audited." })
  revokeAdminToken(@Arg('tokenId', () => ID) tokenId: string, @CurrentViewer() viewer: Viewer, @Ctx() { services }: Context): Promise<ApiToken> {
    return services.people.revokeToken(viewer, tokenId);
  }
}

@Resolver(() => ApiToken)
export class ApiTokenExpiryResolver {
  @FieldResolver(() => GraphQLDateTimeISO, { nullable: true, description: 'When a browser session ends (12 hours unused or 7 days after sign-in); null for an API token (until revoked).' })
  expiresAt(@Root() token: ApiToken): Date | null {
    return tokenExpiresAt(token);
  }
}
