import { Arg, Authorized, Ctx, Field, InputType, Mutation, Query, Resolver } from 'type-graphql';
import { CurrentViewer, type Context } from '../../graphql/context.js';
import { AppError, ErrorCode } from '../../shared/errors.js';
import type { Viewer } from '../auth/auth.service.js';
import { Role } from '../auth/roles.js';
import { SsoSettings } from './sso-settings.entity.js';
import { ssoRedirectUri } from './sso.routes.js';

@InputType('SingleSignOnInput')
class SingleSignOnInput {
  @Field(() => String, { description: 'Entra ID: https://login.microsoftonline.com/<Directory (tenant) ID>/v2.0; Google Workspace: https://accounts.google.com.' })
  issuerUrl!: string;

  @Field(() => String, { description: 'Entra ID: Application (client) ID; Google: Client ID.' })
  clientId!: string;

  @Field(() => String, { nullable: true, description: 'Required the first time; null or empty keeps the saved one.' })
  clientSecret?: string | null;

  @Field(() => [String], { description: 'Email domains (example.com) whose people may sign in this way.' })
  allowedDomains!: string[];

  @Field(() => Boolean, { defaultValue: false, description: 'Refuse password sign-in and setup links; needs the caller to have signed in with single sign-on.' })
  ssoOnly!: boolean;
}

@Resolver(() => SsoSettings)
export class SsoResolver {
  @Authorized(Role.ADMIN)
  @Query(() => SsoSettings, { nullable: true, description: "The provider's single sign-on settings; null when not set up." })
  singleSignOn(@Ctx() { services }: Context): Promise<SsoSettings | null> {
    return services.ssoSettings.get();
  }

  @Authorized(Role.ADMIN)
  @Query(() => String, { description: 'The redirect URI to register at the identity provider (from HIGHWATER_PUBLIC_URL, or the address this request came to).' })
  singleSignOnRedirectUri(@Ctx() { appOrigin }: Context): string {
    if (!appOrigin) throw new AppError(ErrorCode.BadRequest, 'ask over HTTP: a websocket does not say which address the app is served at');
    return ssoRedirectUri(appOrigin);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => SsoSettings, {
    description:
      'Sets up (or changes) OpenID Connect single sign-on after checking the issuer answers discovery (OIDC_DISCOVERY_FAILED otherwise). BAD_USER_INPUT with extensions.field; CONFLICT when a domain belongs to another provider.',
  })
  saveSingleSignOn(@Arg('input', () => SingleSignOnInput) input: SingleSignOnInput, @CurrentViewer() viewer: Viewer, @Ctx() { services }: Context): Promise<SsoSettings> {
    return services.ssoSettings.save(viewer, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Boolean, { description: 'Turns single sign-on off: passwords work again. False when it was not set up.' })
  removeSingleSignOn(@CurrentViewer() viewer: Viewer, @Ctx() { services }: Context): Promise<boolean> {
    return services.ssoSettings.remove(viewer);
  }
}
