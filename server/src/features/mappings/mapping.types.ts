import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';

@InputType()
export class MappingInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => Int)
  companyId!: number;

  @Field(() => Int)
  agreementId!: number;

  @Field(() => Int)
  additionId!: number;
}

@ObjectType()
export class ConnectWiseCompanyType {
  @Field(() => Int)
  id!: number;

  @Field(() => String)
  name!: string;
}

@ObjectType()
export class BillableCompanyTypes {
  @Field(() => [ConnectWiseCompanyType])
  types!: ConnectWiseCompanyType[];

  @Field(() => Boolean, { description: 'True until the MSP saves a selection ("Customer" is the default).' })
  isDefault!: boolean;
}

@ObjectType()
export class ConnectWiseCompany {
  @Field(() => Int)
  id!: number;

  @Field(() => String)
  identifier!: string;

  @Field(() => String)
  name!: string;
}

@ObjectType({ description: "A ConnectWise row that does not match ConnectWise's API schema as we read it: left out of the list, not failing it." })
export class SkippedConnectWiseRow {
  @Field(() => Int, { description: 'Position in the whole list, from 0.' })
  index!: number;

  @Field(() => Int, { nullable: true, description: "The row's ConnectWise id, when it has one." })
  id?: number;

  @Field(() => String, { description: 'Which fields could not be read and why; never their values.' })
  reason!: string;
}

@ObjectType()
export class ConnectWiseCompanyConnection {
  @Field(() => [ConnectWiseCompany])
  nodes!: ConnectWiseCompany[];

  @Field(() => [SkippedConnectWiseRow], { description: 'Rows of this page that could not be read.' })
  skipped!: SkippedConnectWiseRow[];

  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor?: string;
}

@ObjectType()
export class ConnectWiseAgreement {
  @Field(() => Int)
  id!: number;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  type?: string;

  @Field(() => Int)
  companyId!: number;

  @Field(() => String, { nullable: true, description: "ConnectWise's agreementStatus: Active, Expired, Inactive (cancelled ones are not listed); null when not sent." })
  status?: string;

  @Field(() => Boolean, { description: 'Whether it can be mapped: only Active agreements can.' })
  selectable!: boolean;
}

@ObjectType()
export class ConnectWiseAgreementList {
  @Field(() => [ConnectWiseAgreement])
  nodes!: ConnectWiseAgreement[];

  @Field(() => [SkippedConnectWiseRow])
  skipped!: SkippedConnectWiseRow[];
}

@ObjectType()
export class ConnectWiseAddition {
  @Field(() => Int)
  id!: number;

  @Field(() => String, { nullable: true, description: "The product's identifier; ConnectWise may leave it out." })
  productIdentifier?: string;

  @Field(() => String, { nullable: true })
  description?: string;

  @Field(() => Float, { nullable: true, description: 'Null when ConnectWise holds no quantity (not zero).' })
  quantity?: number;

  @Field(() => Float, { nullable: true })
  unitCost?: number;

  @Field(() => Boolean)
  cancelled!: boolean;
}

@ObjectType()
export class ConnectWiseAdditionList {
  @Field(() => [ConnectWiseAddition])
  nodes!: ConnectWiseAddition[];

  @Field(() => [SkippedConnectWiseRow])
  skipped!: SkippedConnectWiseRow[];
}

@ObjectType()
export class CompanySuggestion {
  @Field(() => ConnectWiseCompany)
  company!: ConnectWiseCompany;

  @Field(() => Float, { description: '0 to 1; 1 is the same name once punctuation, case and "Inc."-like suffixes are ignored.' })
  score!: number;
}
