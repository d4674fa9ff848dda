import { Field, InputType, Int } from 'type-graphql';
import { JumpCloudUserState } from './jumpcloud-connection.entity.js';

@InputType({ description: "What the MSP enters to connect JumpCloud: a Multi-Tenant Portal administrator's API key and the provider id." })
export class ConnectJumpCloudInput {
  @Field(() => String, { description: "JumpCloud's provider (MSP) id, from the Multi-Tenant Portal." })
  providerId!: string;

  @Field(() => String)
  apiKey!: string;

  @Field(() => String, { nullable: true, description: 'Console API base URL (https), for another region or a simulator. Default https://console.jumpcloud.com.' })
  baseUrl?: string;

  @Field(() => String, { nullable: true, description: 'Directory Insights base URL (https). Default https://api.jumpcloud.com.' })
  insightsBaseUrl?: string;
}

@InputType({ description: 'Omitted fields keep their saved value.' })
export class UpdateJumpCloudConnectionInput {
  @Field(() => String, { nullable: true, description: 'A new API key; verified before it replaces the saved one.' })
  apiKey?: string;

  @Field(() => [JumpCloudUserState], { nullable: true, description: 'User states that do not count; [] counts every user. At least one state must count.' })
  excludedUserStates?: JumpCloudUserState[];

  @Field(() => Int, { nullable: true, description: 'Minutes between polls, 5 to 1440.' })
  pollIntervalMinutes?: number;
}
