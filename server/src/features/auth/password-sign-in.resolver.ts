import { Arg, Ctx, Field, FieldResolver, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { CurrentViewer, type Context } from '../../graphql/context.js';
import { Admin } from './admin.entity.js';
import type { Viewer } from './auth.service.js';

@ObjectType({ description: 'The answer to a password sign-in: a BROWSER_SESSION token, or a request for the second factor.' })
class PasswordSignIn {
  @Field(() => String, { nullable: true, description: 'A BROWSER_SESSION token, as startBrowserSession gives; null while a code is needed.' })
  token!: string | null;

  @Field(() => Boolean, { description: 'True when the password was right and the admin must now send a TOTP or recovery code in `code`.' })
  secondFactorRequired!: boolean;
}

@ObjectType({ description: 'A TOTP secret to add to an authenticator app; confirmTotpEnrolment turns it on.' })
class TotpEnrolment {
  @Field(() => String, { description: 'Base32, for typing in by hand.' })
  secret!: string;

  @Field(() => String)
  otpauthUri!: string;

  @Field(() => String, { description: 'otpauthUri as a QR code, an SVG document.' })
  qrSvg!: string;
}

/** Client details for throttling; `unknown` when neither Express nor the socket gave an address. */
const clientOf = ({ clientIp, userAgent }: Context) => ({ ip: clientIp ?? 'unknown', userAgent });

/** A sign-in that gave a session token hands it to the browser as the HttpOnly session cookie too. */
async function startingSession<T extends { token: string | null }>(context: Context, signIn: Promise<T>): Promise<T> {
  const result = await signIn;
  if (result.token) context.sessionCookie?.start(result.token);
  return result;
}

@Resolver()
export class PasswordSignInResolver {
  @Mutation(() => PasswordSignIn, {
    description:
      'Public. Signs in with email and password (and `code`, a TOTP or recovery code, once secondFactorRequired). UNAUTHENTICATED for a wrong email or password, or a wrong code (extensions.field "code"); TOO_MANY_ATTEMPTS with extensions.retryAfterSeconds after repeated failures.',
  })
  signInWithPassword(
    @Arg('email', () => String) email: string,
    @Arg('password', () => String) password: string,
    @Arg('code', () => String, { nullable: true }) code: string | null | undefined,
    @Ctx() context: Context,
  ): Promise<PasswordSignIn> {
    return startingSession(context, context.services.passwordSignIn.signIn({ email, password, code }, clientOf(context)));
  }

  @Mutation(() => PasswordSignIn, { description: 'Public. Chooses a password with a one-time setup link and signs in. BAD_USER_INPUT with extensions.field "token" or "password".' })
  redeemSetupLink(@Arg('token', () => String) token: string, @Arg('password', () => String) password: string, @Ctx() context: Context): Promise<PasswordSignIn> {
    return startingSession(context, context.services.setupLinks.redeem(token, password, clientOf(context)));
  }

  @Mutation(() => Boolean, { description: "Sets the caller's password; currentPassword is required once one is set." })
  setPassword(
    @Arg('currentPassword', () => String, { nullable: true }) currentPassword: string | null | undefined,
    @Arg('newPassword', () => String) newPassword: string,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { services }: Context,
  ): Promise<boolean> {
    return services.passwordSignIn.setPassword(viewer, currentPassword, newPassword);
  }

  @Mutation(() => TotpEnrolment, { description: 'Starts two-factor sign-in (needs a password set): a new secret, pending until confirmTotpEnrolment.' })
  beginTotpEnrolment(@CurrentViewer() viewer: Viewer, @Ctx() { services }: Context): Promise<TotpEnrolment> {
    return services.passwordSignIn.beginTotpEnrolment(viewer);
  }

  @Mutation(() => [String], { description: 'Turns two-factor sign-in on with a first code; returns 10 one-time recovery codes, shown this once.' })
  confirmTotpEnrolment(@Arg('code', () => String) code: string, @CurrentViewer() viewer: Viewer, @Ctx() { services }: Context): Promise<string[]> {
    return services.passwordSignIn.confirmTotpEnrolment(viewer, code);
  }

  @Mutation(() => Boolean, { description: 'Turns two-factor sign-in off (and drops the recovery codes); false when it was not on.' })
  disableTotp(@Arg('password', () => String) password: string, @CurrentViewer() viewer: Viewer, @Ctx() { services }: Context): Promise<boolean> {
    return services.passwordSignIn.disableTotp(viewer, password);
  }
}

@Resolver(() => Admin)
export class AdminSignInFieldsResolver {
  @FieldResolver(() => Boolean, { description: 'Whether the admin can sign in with a password.' })
  async hasPassword(@Root() admin: Admin, @Ctx() { services }: Context): Promise<boolean> {
    return (await services.passwordSignIn.status(admin.id)).hasPassword;
  }

  @FieldResolver(() => Boolean, { description: 'Whether password sign-in also needs a TOTP code.' })
  async totpEnabled(@Root() admin: Admin, @Ctx() { services }: Context): Promise<boolean> {
    return (await services.passwordSignIn.status(admin.id)).totpEnabled;
  }
}
