import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { CurrentViewer, type Context } from '../../graphql/context.js';
import type { Viewer } from '../auth/auth.service.js';
import { Role } from '../auth/roles.js';
import { JumpCloudConnection } from './jumpcloud-connection.entity.js';
import { ConnectJumpCloudInput, UpdateJumpCloudConnectionInput } from './jumpcloud-connector.inputs.js';

@Authorized(Role.BILLING)
@Resolver()
export class JumpCloudConnectorResolver {
  @Query(() => JumpCloudConnection, { nullable: true, description: 'The JumpCloud connection, or null before it is set up. Never returns the API key.' })
  jumpCloudConnection(@Ctx() { services }: Context) {
    return services.jumpCloud.get();
  }

  @Mutation(() => JumpCloudConnection, {
    description: 'Checks the key and provider id against JumpCloud (first page of organizations); stores them only if that works, then polls.',
  })
  connectJumpCloud(@Arg('input', () => ConnectJumpCloudInput) input: ConnectJumpCloudInput, @CurrentViewer() viewer: Viewer, @Ctx() { services }: Context) {
    return services.jumpCloud.connect(viewer, input);
  }

  @Mutation(() => JumpCloudConnection, { description: 'Rotates the key (verified first), changes which user states count, or the poll interval.' })
  updateJumpCloudConnection(
    @Arg('input', () => UpdateJumpCloudConnectionInput) input: UpdateJumpCloudConnectionInput,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { services }: Context,
  ) {
    return services.jumpCloud.update(viewer, input);
  }

  @Mutation(() => Boolean, { description: 'Removes the key and stops polling. Organizations and their usage history stay.' })
  disconnectJumpCloud(@CurrentViewer() viewer: Viewer, @Ctx() { services }: Context) {
    return services.jumpCloud.disconnect(viewer);
  }

  @Mutation(() => JumpCloudConnection, { description: 'Queues a poll now (unless one is running); watch lastPolledAt and lastResult.' })
  pollJumpCloudNow(@CurrentViewer() viewer: Viewer, @Ctx() { services }: Context) {
    return services.jumpCloud.pollNow(viewer);
  }
}
