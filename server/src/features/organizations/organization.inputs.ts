import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export const MAX_BATCH = 10_000;

@InputType({ description: 'An organization as the directory knows it; matched on externalId.' })
export class OrganizationInput {
  @Field(() => String)
  externalId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Float, { nullable: true, description: 'Left unchanged when omitted (0 for a new organization).' })
  costPerSeat?: number;

  @Field(() => Boolean, { nullable: true })
  active?: boolean;
}

@InputType({ description: 'One observed user count. Name the organization by id or by externalId.' })
export class UserCountInput {
  @Field(() => ID, { nullable: true })
  organizationId?: string;

  @Field(() => String, { nullable: true })
  externalId?: string;

  @Field(() => Int)
  count!: number;

  @Field(() => GraphQLDateTimeISO)
  observedAt!: Date;
}

@ObjectType()
export class RecordUserCountsResult {
  @Field(() => Int, { description: 'Samples stored.' })
  recorded!: number;

  @Field(() => Int, { description: 'Organizations whose watermark was updated or confirmed.' })
  organizations!: number;

  @Field(() => Int, { description: 'Samples for a month whose quantity was already written to ConnectWise.' })
  afterSync!: number;
}

@InputType()
export class OrganizationFilter {
  @Field(() => String, { nullable: true, description: 'Case-insensitive part of the name or external id.' })
  search?: string;

  @Field(() => Boolean, { nullable: true })
  active?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Only organizations with (true) or without (false) a ConnectWise mapping.' })
  mapped?: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only mapped organizations whose last sync failed or could not write the addition (true), or all the others (false).',
  })
  needsAttention?: boolean;
}

export enum OrganizationSortField {
  NAME = 'NAME',
  CURRENT_USERS = 'CURRENT_USERS',
  HIGH_WATERMARK = 'HIGH_WATERMARK',
  COST_PER_SEAT = 'COST_PER_SEAT',
}
registerEnumType(OrganizationSortField, {
  name: 'OrganizationSortField',
  description: 'Ties are broken by name, then id. Organizations without a count sort below every count.',
});

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, { name: 'SortDirection' });

@InputType()
export class OrganizationOrder {
  @Field(() => OrganizationSortField)
  field!: OrganizationSortField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
  direction!: SortDirection;
}

/** An item-level problem in a batch; the whole batch is refused and every problem listed. */
export interface ItemError {
  index: number;
  field: string;
  message: string;
}
