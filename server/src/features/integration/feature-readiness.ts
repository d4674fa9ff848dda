import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import {
  permissionName,
  securityPermissions,
  type ConnectWiseClient,
  type ProbeListing,
  type SecurityPermissionKey,
} from '../../connectwise/index.js';

/*
 * Which ConnectWise security-role permissions each feature needs, checked when the connection is
 * verified. ConnectWise has no endpoint in our spec that lists the API member's own permissions, so
 * each one a harmless read can reveal is probed (one row of a listing; 403 = missing). Add and Edit
 * levels would need a write to test and are reported as not checked: the first refused call names them
 * (the integration's `lastError`).
 */

export enum ConnectWiseFeature {
  BILLING_SYNC = 'billing-sync',
  TICKETING = 'ticketing',
  CLOSING_TICKETS = 'closing-tickets',
}
registerEnumType(ConnectWiseFeature, {
  name: 'ConnectWiseFeature',
  description: 'What highwater does in ConnectWise, each needing its own security-role permissions.',
  valuesConfig: {
    BILLING_SYNC: { description: "Company types, company / agreement / addition pickers and writing additions' quantity and unit cost." },
    TICKETING: { description: 'Alert tickets: ticket options (priorities, sources, boards), opening tickets and adding notes.' },
    CLOSING_TICKETS: { description: "Closing an incident's ticket when the problem is resolved (if the alert type asks for it)." },
  },
});

export enum PermissionCheckResult {
  GRANTED = 'granted',
  MISSING = 'missing',
  NOT_CHECKED = 'not-checked',
}
registerEnumType(PermissionCheckResult, {
  name: 'PermissionCheckResult',
  valuesConfig: {
    GRANTED: { description: 'A read that needs it succeeded.' },
    MISSING: { description: 'ConnectWise answered 403 to a read that needs it: grant it to the API member’s security role.' },
    NOT_CHECKED: { description: 'Only a write would tell (an Add or Edit level); highwater names it if ConnectWise refuses it when used.' },
  },
});

interface FeatureNeeds {
  feature: ConnectWiseFeature;
  label: string;
  needs: ReadonlyArray<{ key: SecurityPermissionKey; usedFor: string }>;
}

export const featureNeeds: readonly FeatureNeeds[] = [
  {
    feature: ConnectWiseFeature.BILLING_SYNC,
    label: 'Billing sync',
    needs: [
      { key: 'company-types.inquire', usedFor: 'company types: which companies are billable' },
      { key: 'companies.inquire', usedFor: 'the company picker and name suggestions' },
      { key: 'agreements.inquire', usedFor: 'agreements and their product additions: pickers, preview and sync reads' },
      { key: 'agreements.edit', usedFor: "writing each mapped addition's quantity and unit cost" },
    ],
  },
  {
    feature: ConnectWiseFeature.TICKETING,
    label: 'Ticketing',
    needs: [
      { key: 'priorities.inquire', usedFor: 'the priority of alert tickets' },
      { key: 'sources.inquire', usedFor: 'the source of alert tickets' },
      { key: 'boards.inquire', usedFor: 'boards and their statuses, types, subtypes and items' },
      { key: 'tickets.inquire', usedFor: 'reading a ticket before each note, finding one after a crash' },
      { key: 'tickets.add', usedFor: 'opening a ticket for an alert' },
      { key: 'tickets.edit', usedFor: 'notes for repeats and resolutions' },
    ],
  },
  {
    feature: ConnectWiseFeature.CLOSING_TICKETS,
    label: 'Closing tickets',
    needs: [{ key: 'close-tickets.edit', usedFor: "moving a resolved incident's ticket to a closed status" }],
  },
];

/** What is stored with the integration: the probes' answers, by permission key. */
export interface StoredPermissionCheck {
  checkedAt: string;
  results: Partial<Record<SecurityPermissionKey, 'granted' | 'missing'>>;
}

/** Probes every permission a read can reveal, at once (one request per listing). Throws on anything but a 403. */
export async function checkPermissions(client: ConnectWiseClient): Promise<StoredPermissionCheck> {
  const probed = Object.values(securityPermissions).filter((permission) => permission.probe);
  const listings = [...new Set(probed.map((permission) => permission.probe as ProbeListing))];
  const answers = new Map(await Promise.all(listings.map(async (listing) => [listing, await client.probeRead(listing)] as const)));
  const results: StoredPermissionCheck['results'] = {};
  for (const permission of probed) {
    results[permission.key as SecurityPermissionKey] = answers.get(permission.probe as ProbeListing) ? 'granted' : 'missing';
  }
  return { checkedAt: new Date().toISOString(), results };
}

@ObjectType({ description: 'One security-role permission a feature needs, in ConnectWise’s terms, and what the check found.' })
export class ConnectWisePermissionCheck {
  @Field(() => String, { description: 'Module › function: level, as in System › Security Roles, e.g. "Finance › Agreements: Inquire".' })
  name!: string;

  @Field(() => String, { description: 'Security module, e.g. "Finance".' })
  module!: string;

  @Field(() => String, { description: 'The module’s function (row), e.g. "Agreements".' })
  function!: string;

  @Field(() => String, { description: 'Add, Edit, Delete or Inquire (grant the level "All").' })
  level!: string;

  @Field(() => String, { nullable: true, description: 'For System › Table Setup customised per table: the table, e.g. "Service / Priority".' })
  table?: string;

  @Field(() => String, { description: 'What highwater uses it for.' })
  usedFor!: string;

  @Field(() => String, { nullable: true, description: 'What about this name is not confirmed by ConnectWise’s documentation, if anything.' })
  unverified?: string;

  @Field(() => PermissionCheckResult)
  result!: PermissionCheckResult;
}

@ObjectType({ description: 'Whether the API member’s security role allows one feature.' })
export class ConnectWiseFeatureReadiness {
  @Field(() => ConnectWiseFeature)
  feature!: ConnectWiseFeature;

  @Field(() => String, { description: 'The feature’s name for people, e.g. "Billing sync".' })
  label!: string;

  @Field(() => Boolean, { description: 'No permission it needs was found missing (NOT_CHECKED ones are not known).' })
  ready!: boolean;

  @Field(() => [String], { description: 'Names of the permissions found missing, e.g. "Service Desk › Service Tickets: Inquire".' })
  missing!: string[];

  @Field(() => [String], { description: 'Names of the permissions only a write would reveal: make sure the role grants them.' })
  notChecked!: string[];

  @Field(() => [ConnectWisePermissionCheck])
  permissions!: ConnectWisePermissionCheck[];
}

@ObjectType({ description: 'The API member’s permissions per feature, as found by the last verify or check.' })
export class ConnectWisePermissionReport {
  @Field(() => GraphQLDateTimeISO)
  checkedAt!: Date;

  @Field(() => [ConnectWiseFeatureReadiness], { description: 'Billing sync, ticketing and closing tickets, in that order.' })
  features!: ConnectWiseFeatureReadiness[];
}

/** The stored check, per feature, with ConnectWise's names. */
export function describePermissions(check: StoredPermissionCheck): ConnectWisePermissionReport {
  const features = featureNeeds.map(({ feature, label, needs }) => {
    const permissions = needs.map(({ key, usedFor }) => {
      const permission = securityPermissions[key];
      const found = check.results[key];
      return Object.assign(new ConnectWisePermissionCheck(), {
        name: permissionName(permission),
        module: permission.module,
        function: permission.function,
        level: permission.level,
        table: permission.table,
        usedFor,
        unverified: permission.unverified,
        result: found === 'granted' ? PermissionCheckResult.GRANTED : found === 'missing' ? PermissionCheckResult.MISSING : PermissionCheckResult.NOT_CHECKED,
      });
    });
    const named = (result: PermissionCheckResult) => permissions.filter((permission) => permission.result === result).map((permission) => permission.name);
    const missing = named(PermissionCheckResult.MISSING);
    return Object.assign(new ConnectWiseFeatureReadiness(), { feature, label, ready: missing.length === 0, missing, notChecked: named(PermissionCheckResult.NOT_CHECKED), permissions });
  });
  return Object.assign(new ConnectWisePermissionReport(), { checkedAt: new Date(check.checkedAt), features });
}
