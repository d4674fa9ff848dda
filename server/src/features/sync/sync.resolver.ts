import { Arg, Authorized, Ctx, Field, FieldResolver, Float, ID, Int, Mutation, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import { CurrentViewer, type Context } from '../../graphql/context.js';
import { Connection } from '../../shared/pagination.js';
import type { Viewer } from '../auth/auth.service.js';
import { Role } from '../auth/roles.js';
import { SyncOutcome, SyncResult, SyncRun } from './sync.entity.js';
import { SYNC_RUN_UPDATED, type SyncRunEvent } from './sync.service.js';

const SyncRunConnection = Connection(SyncRun, 'SyncRun');
const SyncResultConnection = Connection(SyncResult, 'SyncResult');

@ObjectType({ description: 'What a sync would do for one organization (previewSync writes nothing).' })
class SyncPreviewRow {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => String)
  organizationName!: string;

  @Field(() => SyncOutcome, { description: 'UPDATED here means "would be updated".' })
  outcome!: SyncOutcome;

  @Field(() => Float, { nullable: true })
  previousQuantity?: number;

  @Field(() => Float, { nullable: true })
  previousUnitCost?: number;

  @Field(() => Float, { nullable: true })
  newQuantity?: number;

  @Field(() => Float, { nullable: true })
  newUnitCost?: number;

  @Field(() => String, { nullable: true })
  reason?: string;

  @Field(() => String, { nullable: true })
  drift?: string;
}

@ObjectType({ description: 'Progress of a run: its counts and status now, and the results that landed since the previous update.' })
class SyncRunUpdate {
  @Field(() => SyncRun)
  run!: SyncRun;

  @Field(() => [SyncResult], { description: 'In the order they landed; every result of the run arrives in exactly one update.' })
  results!: SyncResult[];
}

@Authorized(Role.BILLING)
@Resolver(() => SyncRun)
export class SyncResolver {
  @Query(() => SyncRunConnection, { description: 'Billing sync runs, newest first.' })
  syncRuns(
    @Ctx() { services }: Context,
    @Arg('first', () => Int, { defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return services.sync.list(first, after);
  }

  @Query(() => SyncRun)
  syncRun(@Arg('id', () => ID) id: string, @Ctx() { services }: Context) {
    return services.sync.get(id);
  }

  @FieldResolver(() => SyncResultConnection)
  results(
    @Root() run: SyncRun,
    @Ctx() { services }: Context,
    @Arg('outcome', () => SyncOutcome, { nullable: true }) outcome?: SyncOutcome,
    @Arg('first', () => Int, { defaultValue: 100 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return services.sync.results(run.id, outcome, first, after);
  }

  @Query(() => [SyncPreviewRow], { description: 'Dry run: reads ConnectWise and shows current vs new per organization; writes nothing.' })
  previewSync(@Ctx() { services }: Context, @Arg('organizationIds', () => [ID], { nullable: true }) organizationIds?: string[]) {
    return services.sync.preview(organizationIds ?? undefined);
  }

  @Mutation(() => SyncRun, { description: 'Queues a manual run (all mapped organizations, or these); while one is in progress, returns it instead.' })
  syncNow(@CurrentViewer() viewer: Viewer, @Ctx() { services }: Context, @Arg('organizationIds', () => [ID], { nullable: true }) organizationIds?: string[]) {
    return services.sync.requestManual(viewer, organizationIds ?? undefined);
  }

  @Subscription(() => SyncRunUpdate, {
    topics: SYNC_RUN_UPDATED,
    description: "Progress of the provider's runs (or of one run): counts, each result as it lands, the final status. Works across server processes.",
    filter: ({ payload, args, context }: { payload: SyncRunEvent; args: { runId?: string }; context: Context }) =>
      payload.providerId === context.viewer?.scope.providerId && (!args.runId || payload.runId === args.runId),
  })
  syncRunUpdated(@Root() event: SyncRunEvent, @Arg('runId', () => ID, { nullable: true }) _runId?: string): SyncRunUpdate {
    return { run: event.run as unknown as SyncRun, results: event.results as unknown as SyncResult[] };
  }
}
