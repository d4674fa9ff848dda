import { ArrayType, Entity, Enum, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity.js';
import { countedUserStates, defaultExcludedUserStates, type SystemUserState } from '../../jumpcloud/index.js';
import { Admin } from '../auth/admin.entity.js';
import { Provider } from '../auth/provider.entity.js';
import { TenantScoped } from '../auth/tenant-scope.js';

export enum JumpCloudConnectionStatus {
  CONNECTED = 'connected',
  /** The last poll could not finish (key rejected, provider unknown, JumpCloud unavailable) or counted nothing. */
  FAILING = 'failing',
}
registerEnumType(JumpCloudConnectionStatus, { name: 'JumpCloudConnectionStatus' });

/** JumpCloud's user states (`systemuser.state`), as GraphQL sees them; the values are JumpCloud's own. */
export enum JumpCloudUserState {
  STAGED = 'STAGED',
  ACTIVATED = 'ACTIVATED',
  SUSPENDED = 'SUSPENDED',
}
registerEnumType(JumpCloudUserState, { name: 'JumpCloudUserState', description: "A JumpCloud user's state (STAGED: created, not yet activated)." });

export const DEFAULT_POLL_INTERVAL_MINUTES = 60;
export const MIN_POLL_INTERVAL_MINUTES = 5;
export const MAX_POLL_INTERVAL_MINUTES = 24 * 60;

/** What one poll did, as stored (jsonb); dates as ISO strings. */
export interface StoredPollResult {
  startedAt: string;
  finishedAt: string;
  complete: boolean;
  organizationsListed: number;
  countsRecorded: number;
  countsFailed: number;
  organizationsDeactivated: number;
  failures: { organizationId?: string; name?: string; message: string }[];
}

@ObjectType('JumpCloudPollFailure', { description: 'An organization that could not be counted, or the reason a poll stopped.' })
export class JumpCloudPollFailure {
  @Field(() => String, { nullable: true, description: "JumpCloud's organization id; null when the poll as a whole failed." })
  organizationId?: string;

  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String)
  message!: string;
}

@ObjectType('JumpCloudPollResult')
export class JumpCloudPollResult {
  @Field(() => GraphQLDateTimeISO, { description: 'Also the observedAt of every count the poll recorded.' })
  startedAt!: Date;

  @Field(() => GraphQLDateTimeISO)
  finishedAt!: Date;

  @Field(() => Boolean, { description: 'Every page of organizations was read (only then are unlisted organizations deactivated).' })
  complete!: boolean;

  @Field(() => Int)
  organizationsListed!: number;

  @Field(() => Int)
  countsRecorded!: number;

  @Field(() => Int)
  countsFailed!: number;

  @Field(() => Int, { description: 'Organizations JumpCloud no longer lists, set inactive by this poll.' })
  organizationsDeactivated!: number;

  @Field(() => [JumpCloudPollFailure], { description: 'At most 20.' })
  failures!: JumpCloudPollFailure[];
}

/**
 * One provider's JumpCloud (Multi-Tenant Portal) connection: where its organizations and user counts
 * come from. The API key is sealed (SecretBox) and never leaves the server.
 */
@ObjectType('JumpCloudConnection')
@TenantScoped()
@Entity({ tableName: 'jumpcloud_connections' })
export class JumpCloudConnection extends BaseEntity {
  @Unique()
  @ManyToOne({ entity: () => Provider, deleteRule: 'cascade' })
  provider!: Provider;

  @Field(() => String, { name: 'providerId', description: "JumpCloud's id of the MSP (provider) whose organizations are polled." })
  @Property({ type: 'text' })
  jumpCloudProviderId!: string;

  @Property({ type: 'text' })
  apiKeySealed!: string;

  @Field(() => String, { description: 'The last 4 characters of the API key; the key itself is never returned.' })
  @Property({ type: 'text' })
  apiKeyLast4!: string;

  @Field(() => String, { nullable: true, description: 'Console API base URL override; null means https://console.jumpcloud.com.' })
  @Property({ type: 'text', nullable: true })
  baseUrl?: string;

  @Field(() => String, { nullable: true, description: 'Directory Insights base URL override; null means https://api.jumpcloud.com.' })
  @Property({ type: 'text', nullable: true })
  insightsBaseUrl?: string;

  @Field(() => [JumpCloudUserState], { description: 'Users in these states are not counted (default: SUSPENDED).' })
  @Property({ type: ArrayType, columnType: 'text[]' })
  excludedUserStates: SystemUserState[] & Opt = [...defaultExcludedUserStates];

  @Field(() => [JumpCloudUserState], { description: 'The states that count towards the high watermark.' })
  get countedUserStates(): SystemUserState[] & Opt {
    return countedUserStates(this.excludedUserStates);
  }

  @Field(() => Int)
  @Property({ type: 'integer', default: DEFAULT_POLL_INTERVAL_MINUTES })
  pollIntervalMinutes: number & Opt = DEFAULT_POLL_INTERVAL_MINUTES;

  @Field(() => JumpCloudConnectionStatus)
  @Enum({ items: () => JumpCloudConnectionStatus, nativeEnumName: undefined, type: 'text' })
  status: JumpCloudConnectionStatus & Opt = JumpCloudConnectionStatus.CONNECTED;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When the last poll started (its counts are observed at this time).' })
  @Property({ type: 'datetime', nullable: true })
  lastPolledAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Why the last poll failed, or which organizations it could not count.' })
  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  @Property({ type: 'json', nullable: true })
  lastResultData?: StoredPollResult | null;

  @Field(() => JumpCloudPollResult, { name: 'lastResult', nullable: true })
  get lastResult(): JumpCloudPollResult | undefined {
    const stored = this.lastResultData;
    if (!stored) return undefined;
    return { ...stored, startedAt: new Date(stored.startedAt), finishedAt: new Date(stored.finishedAt) };
  }

  @Field(() => GraphQLDateTimeISO, {
    nullable: true,
    description: 'When Directory Insights was last read for security alerts (every minute while automated ticketing is on).',
  })
  @Property({ type: 'datetime', nullable: true })
  alertsPolledAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Why the last read of Directory Insights failed, for some organizations or all.' })
  @Property({ type: 'text', nullable: true })
  alertsError?: string | null;

  /** A running poll's lease: no other poll of this provider starts before it expires (or is released). */
  @Property({ type: 'datetime', nullable: true })
  pollLockedUntil?: Date | null;

  @Field(() => Boolean, { description: 'A poll is running now.' })
  get polling(): boolean & Opt {
    return !!this.pollLockedUntil && this.pollLockedUntil.getTime() > Date.now();
  }

  @Field(() => Admin, { nullable: true })
  @ManyToOne({ entity: () => Admin, nullable: true, deleteRule: 'set null' })
  createdBy?: Admin;

  @Field(() => Admin, { nullable: true })
  @ManyToOne({ entity: () => Admin, nullable: true, deleteRule: 'set null' })
  updatedBy?: Admin;

  @Field(() => GraphQLDateTimeISO)
  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
