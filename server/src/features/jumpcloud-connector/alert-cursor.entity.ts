import { Entity, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '../../db/base.entity.js';
import { Provider } from '../auth/provider.entity.js';
import { TenantScoped } from '../auth/tenant-scope.js';
import { Organization } from '../organizations/organization.entity.js';

/**
 * Where the Directory Insights alert poll of one organization stands: events before `startTime`, or
 * up to `searchAfter` (JumpCloud's opaque `X-Search_after` cursor), have been read and handed to ticketing.
 * Exists only while the organization is eligible (mapped, with automated ticketing on).
 */
@TenantScoped()
@Entity({ tableName: 'jumpcloud_alert_cursors' })
@Unique({ properties: ['provider', 'organization'] })
export class JumpCloudAlertCursor extends BaseEntity {
  @ManyToOne({ entity: () => Provider, deleteRule: 'cascade' })
  provider!: Provider;

  @ManyToOne({ entity: () => Organization, deleteRule: 'cascade' })
  organization!: Organization;

  @Property({ type: 'datetime' })
  startTime!: Date;

  @Property({ type: 'json', nullable: true })
  searchAfter?: unknown[] | null;

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
