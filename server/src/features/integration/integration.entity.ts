import { ArrayType, Entity, Enum, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity.js';
import { Admin } from '../auth/admin.entity.js';
import { Provider } from '../auth/provider.entity.js';
import { TenantScoped } from '../auth/tenant-scope.js';
import { describePermissions, ConnectWisePermissionReport, type StoredPermissionCheck } from './feature-readiness.js';

export enum IntegrationStatus {
  CONNECTED = 'connected',
  FAILING = 'failing',
}
registerEnumType(IntegrationStatus, { name: 'IntegrationStatus' });

/** One provider's ConnectWise Manage connection. Keys are sealed (SecretBox) and never leave the server. */
@ObjectType('ConnectWiseIntegration')
@TenantScoped()
@Entity({ tableName: 'connectwise_integrations' })
export class ConnectWiseIntegration extends BaseEntity {
  @Unique()
  @ManyToOne({ entity: () => Provider, deleteRule: 'cascade' })
  provider!: Provider;

  @Field(() => String, { description: 'Host without scheme, e.g. api-na.myconnectwise.net.' })
  @Property({ type: 'text' })
  site!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  companyId!: string;

  @Field(() => String, { description: 'Discovered from /login/companyinfo, e.g. v2025_1/.' })
  @Property({ type: 'text' })
  codebase!: string;

  @Property({ type: 'text' })
  publicKeySealed!: string;

  @Property({ type: 'text' })
  privateKeySealed!: string;

  @Field(() => String, { description: 'The last 4 characters of the public key; the keys themselves are never returned.' })
  @Property({ type: 'text' })
  publicKeyLast4!: string;

  @Field(() => Boolean, { description: 'Always true once saved: a private key is stored (sealed).' })
  get privateKeySet(): boolean & Opt {
    return this.privateKeySealed.length > 0;
  }

  @Field(() => IntegrationStatus)
  @Enum({ items: () => IntegrationStatus, nativeEnumName: undefined, type: 'text' })
  status: IntegrationStatus & Opt = IntegrationStatus.CONNECTED;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  lastError?: string;

  @Field(() => GraphQLDateTimeISO)
  @Property({ type: 'datetime' })
  lastVerifiedAt: Date & Opt = new Date();

  /** What the last verify (or permission check) found the API member's security role allows; null before this was checked. */
  @Property({ type: 'json', nullable: true })
  permissionCheck?: StoredPermissionCheck | null;

  @Field(() => ConnectWisePermissionReport, {
    nullable: true,
    description:
      'Per feature (billing sync, ticketing, closing tickets): the security-role permissions it needs, which are missing and which only a write could reveal. Null for a connection saved before permissions were checked: run checkConnectWisePermissions.',
  })
  get permissions(): Opt<ConnectWisePermissionReport> | null {
    return this.permissionCheck ? describePermissions(this.permissionCheck) : null;
  }

  /** ConnectWise company type ids the MSP bills; null until saved (then "Customer" is the default). */
  // ArrayType reads items back as strings unless told how to hydrate them.
  @Property({ type: new ArrayType((item) => Number(item)), columnType: 'int[]', nullable: true })
  billableCompanyTypeIds?: number[];

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
