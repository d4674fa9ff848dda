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

@ObjectType()
export class ConnectWiseCompanyConnection {
  @Field(() => [ConnectWiseCompany])
  nodes!: ConnectWiseCompany[];

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
}

@ObjectType()
export class ConnectWiseAddition {
  @Field(() => Int)
  id!: number;

  @Field(() => String)
  productIdentifier!: string;

  @Field(() => String, { nullable: true })
  description?: string;

  @Field(() => Float)
  quantity!: number;

  @Field(() => Float, { nullable: true })
  unitCost?: number;

  @Field(() => Boolean)
  cancelled!: boolean;
}

@ObjectType()
export class CompanySuggestion {
  @Field(() => ConnectWiseCompany)
  company!: ConnectWiseCompany;

  @Field(() => Float, { description: '0 to 1; 1 is the same name once punctuation, case and "Inc."-like suffixes are ignored.' })
  score!: number;
}
