import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Field, FieldResolver, Float, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { authorizeField } from '../../graphql/auth-checker.js';
import type { DirectResolvers } from '../../graphql/direct-resolvers.js';
import { CurrentViewer, type Context } from '../../graphql/context.js';
import type { Viewer } from '../auth/auth.service.js';
import { parseMonth } from '../../shared/billing-month.js';
import { Connection } from '../../shared/pagination.js';
import { Role } from '../auth/roles.js';
import { Organization } from './organization.entity.js';
import { OrganizationFilter, OrganizationInput, OrganizationOrder, RecordUserCountsResult, UserCountInput } from './organization.inputs.js';

@ObjectType()
class DailyUsage {
  @Field(() => String, { description: 'Day in the billing time zone, YYYY-MM-DD.' })
  day!: string;

  @Field(() => Int)
  maxCount!: number;
}

@ObjectType()
class MonthlyUsage {
  @Field(() => String, { description: 'YYYY-MM in the billing time zone.' })
  month!: string;

  @Field(() => Int)
  highWatermark!: number;

  @Field(() => Int, { nullable: true, description: 'The quantity the billing sync last wrote for this month.' })
  syncedQuantity?: number;

  @Field(() => GraphQLDateTimeISO, { nullable: true })
  syncedAt?: Date;
}

const OrganizationConnection = Connection(Organization, 'Organization');

// Role checks per operation: the fields drawn on every row of a page check synchronously (authorizeField).
@Resolver(() => Organization)
export class OrganizationsResolver {
  @Authorized(Role.BILLING)
  @Query(() => OrganizationConnection)
  organizations(
    @Ctx() { services }: Context,
    @Arg('filter', () => OrganizationFilter, { nullable: true }) filter?: OrganizationFilter,
    @Arg('orderBy', () => OrganizationOrder, { nullable: true, description: 'By name when omitted.' }) orderBy?: OrganizationOrder,
    @Arg('first', () => Int, { defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return services.organizations.list(filter ?? {}, orderBy ?? undefined, first, after);
  }

  @Authorized(Role.BILLING)
  @Query(() => Organization)
  organization(@Arg('id', () => ID) id: string, @Ctx() { services }: Context) {
    return services.organizations.get(id);
  }

  @Authorized(Role.BILLING)
  @Mutation(() => [Organization], { description: 'Creates or updates organizations by externalId (up to 10,000); all or nothing.' })
  upsertOrganizations(@Arg('organizations', () => [OrganizationInput]) organizations: OrganizationInput[], @Ctx() { services }: Context) {
    return services.organizations.upsert(organizations);
  }

  @Authorized(Role.BILLING)
  @Mutation(() => RecordUserCountsResult, {
    description: 'Stores observed user counts (up to 10,000) and raises each month’s high watermark; all or nothing, per-item errors in extensions.itemErrors.',
  })
  recordUserCounts(@Arg('counts', () => [UserCountInput]) counts: UserCountInput[], @Ctx() { services }: Context) {
    return services.usage.recordUserCounts(counts);
  }

  @Authorized(Role.BILLING)
  @Mutation(() => Organization, { description: 'Sets what the MSP pays per user (0 to 1,000,000, at most 4 decimals); audited.' })
  setCostPerSeat(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('amount', () => Float) amount: number,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { services }: Context,
  ) {
    return services.organizations.setCostPerSeat(viewer, organizationId, amount);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Highest user count of the month (YYYY-MM, default: this month in the billing time zone); null before any count.',
  })
  highWatermark(@Root() organization: Organization, @Ctx() context: Context, @Arg('month', () => String, { nullable: true }) month?: string) {
    return highWatermarkOf(organization, context, month);
  }

  @FieldResolver(() => MonthlyUsage, { nullable: true, description: 'The month’s watermark and what the sync wrote for it.' })
  monthlyUsage(@Root() organization: Organization, @Ctx() context: Context, @Arg('month', () => String, { nullable: true }) month?: string) {
    return monthlyUsageField(organization, context, month);
  }

  @Authorized(Role.BILLING)
  @FieldResolver(() => [MonthlyUsage], {
    description: 'The last `months` months up to this one (1–36), oldest first: watermark and synced quantity; months without a count are left out.',
  })
  recentMonths(@Root() organization: Organization, @Ctx() { services }: Context, @Arg('months', () => Int, { defaultValue: 12 }) months: number) {
    return services.usage.recentMonths(organization.id, months);
  }

  @Authorized(Role.BILLING)
  @FieldResolver(() => [DailyUsage], { description: 'Daily maximum user count between from and to (at most 400 days).' })
  usageHistory(
    @Root() organization: Organization,
    @Arg('from', () => GraphQLDateTimeISO) from: Date,
    @Arg('to', () => GraphQLDateTimeISO) to: Date,
    @Ctx() { services }: Context,
  ) {
    return services.usage.dailyHistory(organization.id, from, to);
  }
}

function monthlyUsageField(organization: Organization, context: Context, month?: string | null) {
  authorizeField(context, Role.BILLING);
  if (!month) return context.services.usage.currentUsageOf.get(organization.id);
  return context.services.usage.monthlyUsage(organization.id, parseMonth(month));
}

function highWatermarkOf(organization: Organization, context: Context, month?: string | null) {
  const usage = monthlyUsageField(organization, context, month);
  return usage instanceof Promise ? usage.then((found) => found?.highWatermark ?? null) : (usage?.highWatermark ?? null);
}

/** Drawn on every row of a page, so resolved by graphql-js directly (see graphql/direct-resolvers.ts). */
export const organizationFieldsResolvedDirectly: DirectResolvers = {
  typeName: 'Organization',
  fields: {
    highWatermark: (organization: Organization, args: { month?: string | null }, context: Context) => highWatermarkOf(organization, context, args.month),
    monthlyUsage: (organization: Organization, args: { month?: string | null }, context: Context) => monthlyUsageField(organization, context, args.month),
  },
};
