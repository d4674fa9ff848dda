import { Arg, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { CurrentViewer, type Context } from '../../graphql/context.js';
import { Admin } from './admin.entity.js';
import { ApiToken } from './api-token.entity.js';
import type { Viewer } from './auth.service.js';

@ObjectType({ description: 'A new API token. `token` is shown this once; only its hash is kept.' })
class CreatedApiToken {
  @Field(() => String)
  token!: string;

  @Field(() => ApiToken)
  apiToken!: ApiToken;
}

@Resolver()
export class AuthResolver {
  @Query(() => Admin, { description: 'The signed-in admin.' })
  viewer(@CurrentViewer() viewer: Viewer): Admin {
    return viewer.admin;
  }

  @Query(() => [ApiToken], { description: "The caller's API tokens (every token of the provider for ADMIN)." })
  apiTokens(@CurrentViewer() viewer: Viewer, @Ctx() { services }: Context): Promise<ApiToken[]> {
    return services.auth.listApiTokens(viewer);
  }

  @Mutation(() => CreatedApiToken, { description: 'A new token for scripts, acting as the caller.' })
  createApiToken(
    @Arg('name', () => String) name: string,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { services }: Context,
  ): Promise<CreatedApiToken> {
    return services.auth.createApiToken(viewer, name);
  }

  @Mutation(() => CreatedApiToken, {
    description: 'The admin app signs in with this: it trades the API token pasted into it for a BROWSER_SESSION token of the same admin, also set as the HttpOnly `hw_session` cookie.',
  })
  async startBrowserSession(@CurrentViewer() viewer: Viewer, @Ctx() { services, userAgent, sessionCookie }: Context): Promise<CreatedApiToken> {
    const started = await services.auth.startBrowserSession(viewer, userAgent);
    // The browser keeps it as the HttpOnly session cookie; `token` stays in the answer for scripts.
    sessionCookie?.start(started.token);
    return started;
  }

  @Mutation(() => Boolean, { description: 'Signs out of the admin app: revokes the BROWSER_SESSION token this request carries (false for an API token, which stays) and clears the session cookie.' })
  async endBrowserSession(@CurrentViewer() viewer: Viewer, @Ctx() { services, sessionCookie }: Context): Promise<boolean> {
    const ended = await services.auth.endBrowserSession(viewer);
    sessionCookie?.end();
    return ended;
  }

  @Mutation(() => ApiToken, { description: 'Revokes a token at once, over HTTP and open websockets.' })
  revokeApiToken(
    @Arg('id', () => ID) id: string,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { services }: Context,
  ): Promise<ApiToken> {
    return services.auth.revokeApiToken(viewer, id);
  }
}
