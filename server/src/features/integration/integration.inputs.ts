import { Field, InputType } from 'type-graphql';

@InputType({ description: 'What the MSP enters to connect ConnectWise Manage.' })
export class ConnectWiseIntegrationInput {
  @Field(() => String, { description: 'Base URL without https://, e.g. api-na.myconnectwise.net.' })
  site!: string;

  @Field(() => String, { description: 'The company ID used to log in to ConnectWise Manage.' })
  companyId!: string;

  @Field(() => String)
  publicKey!: string;

  @Field(() => String)
  privateKey!: string;
}

@InputType({ description: 'New keys (and optionally a new site or company ID); omitted fields keep their saved value.' })
export class ConnectWiseIntegrationUpdateInput {
  @Field(() => String, { nullable: true })
  site?: string;

  @Field(() => String, { nullable: true })
  companyId?: string;

  @Field(() => String)
  publicKey!: string;

  @Field(() => String)
  privateKey!: string;
}
