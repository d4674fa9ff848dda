/*
 * ConnectWise Manage security-role permissions, in ConnectWise's own terms (System › Security Roles:
 * module, function, Add / Edit / Delete / Inquire level), for the calls highwater makes.
 *
 * Neither our spec (`manage-subset.openapi.json`) nor ConnectWise's spec declares which permission an
 * operation needs, nor any error response: the names below come from ConnectWise's security-role
 * screens as integration vendors document them, and the table names of *System › Table Setup*
 * customisation are *unverified* where marked. Keep all of that knowledge here.
 */

/** Collection GETs the client may read one row of (`probeRead`), to learn whether a permission is granted. */
export const probeListings = [
  'company/companies',
  'company/companies/types',
  'finance/agreements',
  'service/tickets',
  'service/priorities',
  'service/sources',
  'service/boards',
] as const;
export type ProbeListing = (typeof probeListings)[number];

export type PermissionLevel = 'Add' | 'Edit' | 'Delete' | 'Inquire';

export interface SecurityPermission {
  /** Stable key, stored with a check's result. */
  key: string;
  module: 'Companies' | 'Finance' | 'Service Desk' | 'System';
  /** The row of the module in the security role, e.g. "Company Maintenance". */
  function: string;
  level: PermissionLevel;
  /** *System › Table Setup* can be customised to allow single tables: the one this call reads. */
  table?: string;
  /**
   * The harmless read that tells whether it is granted (403 = missing). Absent: only a write would tell
   * (Add / Edit levels), so the permission cannot be checked before it is used.
   */
  probe?: ProbeListing;
  /** Our unverified guess of a name, to be said where it is shown. */
  unverified?: string;
}

/** "Finance › Agreements: Inquire", with the Table Setup table when the role is customised per table. */
export function permissionName(permission: Pick<SecurityPermission, 'module' | 'function' | 'level' | 'table'>): string {
  const base = `${permission.module} › ${permission.function}: ${permission.level}`;
  return permission.table ? `${base} (${permission.table})` : base;
}

const catalogue = [
  { key: 'companies.inquire', module: 'Companies', function: 'Company Maintenance', level: 'Inquire', probe: 'company/companies' },
  {
    key: 'company-types.inquire',
    module: 'System',
    function: 'Table Setup',
    level: 'Inquire',
    table: 'Company / Company Type',
    probe: 'company/companies/types',
    unverified: 'whether ConnectWise checks Table Setup (Company / Company Type) or Company Maintenance for company types',
  },
  { key: 'agreements.inquire', module: 'Finance', function: 'Agreements', level: 'Inquire', probe: 'finance/agreements' },
  { key: 'agreements.edit', module: 'Finance', function: 'Agreements', level: 'Edit' },
  { key: 'tickets.inquire', module: 'Service Desk', function: 'Service Tickets', level: 'Inquire', probe: 'service/tickets' },
  { key: 'tickets.add', module: 'Service Desk', function: 'Service Tickets', level: 'Add' },
  {
    key: 'tickets.edit',
    module: 'Service Desk',
    function: 'Service Tickets',
    level: 'Edit',
    unverified: 'which of Add or Edit ConnectWise checks for a ticket note',
  },
  { key: 'priorities.inquire', module: 'System', function: 'Table Setup', level: 'Inquire', table: 'Service / Priority', probe: 'service/priorities' },
  {
    key: 'sources.inquire',
    module: 'System',
    function: 'Table Setup',
    level: 'Inquire',
    table: 'Service / Source',
    probe: 'service/sources',
    unverified: 'the name of the Source table in Table Setup',
  },
  { key: 'boards.inquire', module: 'System', function: 'Table Setup', level: 'Inquire', table: 'Service / Service Board', probe: 'service/boards' },
  { key: 'close-tickets.edit', module: 'Service Desk', function: 'Close Service Tickets', level: 'Edit' },
] as const satisfies readonly SecurityPermission[];

export type SecurityPermissionKey = (typeof catalogue)[number]['key'];

/** Every permission highwater's calls need, by key. */
export const securityPermissions: Readonly<Record<SecurityPermissionKey, SecurityPermission>> = Object.fromEntries(
  catalogue.map((permission) => [permission.key, permission]),
) as Record<SecurityPermissionKey, SecurityPermission>;
