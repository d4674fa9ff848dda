import { Entity, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '../../db/base.entity.js';
import { Provider } from '../auth/provider.entity.js';
import { TenantScoped } from '../auth/tenant-scope.js';
import { Organization } from '../organizations/organization.entity.js';

/**
 * Where the Directory Insights alert poll of one organization stands: every event before `startTime`,
 * and the events at exactly `startTime` listed in `seenEventIds`, have been read and handed to ticketing.
 * The next read queries from `startTime` (inclusive) and drops those ids. (JumpCloud's `X-Search_after`
 * is not kept: its docs say it is good only for the next page of the same query.)
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

  /** Ids of the events at exactly `startTime` already handed over. */
  @Property({ type: 'json', default: '[]' })
  seenEventIds: string[] & Opt = [];

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
