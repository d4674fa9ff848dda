import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import type { Admin } from '../auth/admin.entity.js';
import { Role } from '../auth/roles.js';

@ObjectType({ description: "An admin of the caller's provider, as the People screen shows them." })
export class Person {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  email!: string;

  @Field(() => [Role])
  roles!: Role[];

  @Field(() => Boolean, { description: 'False once deactivated: they cannot sign in, and their tokens were revoked.' })
  active!: boolean;

  @Field(() => GraphQLDateTimeISO, { nullable: true })
  deactivatedAt!: Date | null;

  @Field(() => Boolean, { description: 'They chose a password (from their setup link); until then they cannot sign in with one.' })
  hasPassword!: boolean;

  @Field(() => Boolean, { description: 'Two-factor sign-in (TOTP) is on.' })
  totpEnabled!: boolean;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When they last started a browser session; null if never (or before this was recorded).' })
  lastSignInAt!: Date | null;

  @Field(() => GraphQLDateTimeISO)
  createdAt!: Date;

  static of(admin: Admin): Person {
    return Object.assign(new Person(), {
      id: admin.id,
      email: admin.email,
      roles: admin.roles,
      active: !admin.deactivatedAt,
      deactivatedAt: admin.deactivatedAt ?? null,
      hasPassword: Boolean(admin.passwordHash),
      totpEnabled: Boolean(admin.totpSecretSealed),
      lastSignInAt: admin.lastSignInAt ?? null,
      createdAt: admin.createdAt,
    });
  }
}

@ObjectType({ description: 'A one-time setup link: shown this once (only its hash is kept); the person opens it to choose a password.' })
export class IssuedSetupLink {
  @Field(() => Person)
  person!: Person;

  @Field(() => String, { description: 'The URL to give the person. It works once, until expiresAt.' })
  setupLink!: string;

  @Field(() => GraphQLDateTimeISO)
  expiresAt!: Date;
}
