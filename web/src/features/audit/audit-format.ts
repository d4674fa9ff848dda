/** How the audit log reads: action names and detail keys in the product's words. */

import { formatMoney } from '../../components/format';

const actionLabels: Record<string, string> = {
  'integration.created': 'Integration created',
  'integration.updated': 'Integration updated',
  'integration.disabled': 'Integration disabled & data cleared',
  'company-types.saved': 'Company types saved',
  'mappings.saved': 'Agreements saved',
  'mapping.disabled': 'Mapping disabled',
  'sync.requested': 'Sync requested',
  'ticketing.automated-ticketing-set': 'Automated ticketing switched',
  'ticketing.alert-settings-saved': 'Alert settings saved',
  'ticketing.alert-retried': 'Alert ticket retried',
  'jumpcloud.connected': 'JumpCloud connected',
  'jumpcloud.updated': 'JumpCloud connection updated',
  'jumpcloud.disconnected': 'JumpCloud disconnected',
  'jumpcloud.poll-requested': 'JumpCloud poll requested',
  'organization.cost-per-seat-set': 'Cost per seat changed',
  'admin.invited': 'Admin invited',
  'admin.setup-link-issued': 'Setup link issued',
  'admin.roles-set': 'Admin roles changed',
  'admin.deactivated': 'Admin deactivated',
  'admin.reactivated': 'Admin reactivated',
  'admin.two-factor-reset': 'Two-factor reset',
  'admin.token-revoked': 'Session or token revoked',
};

const keyLabels: Record<string, string> = {
  site: 'Site',
  companyId: 'Company ID',
  publicKey: 'Public key',
  privateKey: 'Private key',
  keys: 'Keys changed',
  previous: 'Previous',
  ids: 'Type IDs',
  rowsRemoved: 'Rows removed',
  organizationId: 'Organization ID',
  agreementId: 'Agreement',
  additionId: 'Addition',
  mappings: 'Mappings',
  organization: 'Organization',
  company: 'Company',
  agreement: 'Agreement',
  addition: 'Addition',
  organizations: 'Organizations',
  month: 'Month',
  runId: 'Run',
  enabled: 'On',
  settings: 'Settings',
  alertType: 'Alert',
  createTickets: 'Tickets',
  priorityId: 'Priority',
  sourceId: 'Source',
  dueDays: 'Due days',
  recurrence: 'Recurrence',
  recurrenceWindowHours: 'Recurrence window (hours)',
  closeOnResolve: 'Close on resolve',
  boardId: 'Board',
  statusId: 'Status',
  typeId: 'Type',
  subTypeId: 'Subtype',
  itemId: 'Item',
  closedStatusId: 'Closed status',
  providerId: 'JumpCloud organization',
  apiKey: 'API key',
  baseUrl: 'Base URL',
  insightsBaseUrl: 'Insights base URL',
  pollIntervalMinutes: 'Poll interval (minutes)',
  excludedUserStates: 'Excluded user states',
  alreadyPolling: 'Already polling',
  eventId: 'Event',
  externalEventId: 'JumpCloud event',
  error: 'Error',
  from: 'From',
  to: 'To',
  costPerSeat: 'Cost per seat',
  adminId: 'Admin ID',
  email: 'Email',
  roles: 'Roles',
  previousRoles: 'Previous roles',
  tokensRevoked: 'Sessions and tokens revoked',
  wasOn: 'Two-factor was on',
  tokenId: 'Token ID',
  kind: 'Kind',
  name: 'Name',
};

/** Values the server records in its own spelling (enum values), in the product's words. */
const valueLabels: Record<string, Record<string, string>> = {
  alertType: {
    'disk-encryption-key-decrypted': 'Disk Encryption Key Decrypted',
    'user-admin-access-granted': 'User Admin Access Granted',
    'user-lockout': 'User Lockout',
    'user-password-expired': 'User Password Expired',
  },
  recurrence: {
    'note-on-open-ticket': 'Note on open ticket',
    'one-ticket-per-event': 'Ticket per event',
  },
};

export function actionLabel(action: string): string {
  return actionLabels[action] ?? action;
}

export interface DetailLine {
  label: string;
  value: string;
}

/** One line per detail; nested values are written compactly rather than dropped. */
export function detailLines(details: Record<string, unknown>): DetailLine[] {
  const lines: DetailLine[] = [];
  for (const [key, value] of namedEntries(details)) {
    // A changed cost reads as one line, old → new ("8.50 → 9.75"), not as two unrelated numbers.
    if (key === 'previous' && typeof value === 'number' && typeof details.costPerSeat === 'number') continue;
    if (key === 'costPerSeat' && typeof value === 'number') {
      const previous = details.previous;
      const text = typeof previous === 'number' ? `${formatMoney(previous)} → ${formatMoney(value)}` : formatMoney(value);
      lines.push({ label: keyLabels[key]!, value: text });
      continue;
    }
    lines.push({ label: keyLabels[key] ?? key, value: formatValue(key, value) });
  }
  return lines;
}

/**
 * The details with names in place of ids where the entry records both: `priorityId` + `priorityName`
 * reads as the name under the id's label (the id when no name was recorded); `organizationId` beside
 * `organization` is dropped. Entries written before names were recorded keep their ids.
 */
function namedEntries(details: Record<string, unknown>): [string, unknown][] {
  const entries: [string, unknown][] = [];
  for (const [key, value] of Object.entries(details)) {
    if (key.endsWith('Name') && `${key.slice(0, -'Name'.length)}Id` in details) continue;
    if (key.endsWith('Id')) {
      const base = key.slice(0, -'Id'.length);
      const name = details[`${base}Name`];
      if (`${base}Name` in details) {
        entries.push([key, name ?? value]);
        continue;
      }
      if (base in details && details[base] != null) continue;
    }
    entries.push([key, value]);
  }
  return entries;
}

function formatValue(key: string, value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return valueLabels[key]?.[value] ?? value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item === 'string' || typeof item === 'number')) return value.join(', ');
    if (key === 'mappings') return value.map((item) => mappingText(item)).join('; ');
    return value.map((item) => formatValue('', item)).join('; ');
  }
  if (typeof value === 'object') {
    return namedEntries(value as Record<string, unknown>)
      .map(([k, v]) => `${keyLabels[k] ?? k}: ${formatValue(k, v)}`)
      .join(', ');
  }
  return String(value);
}

/** A saved mapping by its names (what the server records), or by ids in entries written before it did. */
function mappingText(item: unknown): string {
  if (!item || typeof item !== 'object') return String(item);
  const mapping = item as Record<string, unknown>;
  const part = (name: string) => `${name} ${String(mapping[name] ?? mapping[`${name}Id`] ?? 'unknown')}`;
  return `${part('organization')} → ${part('company')}, ${part('agreement')}, ${part('addition')}`;
}
