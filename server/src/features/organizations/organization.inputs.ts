import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';

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
}

/** An item-level problem in a batch; the whole batch is refused and every problem listed. */
export interface ItemError {
  index: number;
  field: string;
  message: string;
}
