/** How the audit log reads: action names and detail keys in the product's words. */

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
  return Object.entries(details).map(([key, value]) => ({ label: keyLabels[key] ?? key, value: formatValue(key, value) }));
}

function formatValue(key: string, value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item === 'string' || typeof item === 'number')) return value.join(', ');
    if (key === 'mappings') return value.map((item) => mappingText(item)).join('; ');
    return value.map((item) => formatValue('', item)).join('; ');
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${keyLabels[k] ?? k}: ${formatValue(k, v)}`)
      .join(', ');
  }
  return String(value);
}

function mappingText(item: unknown): string {
  if (!item || typeof item !== 'object') return String(item);
  const { organizationId, companyId, agreementId, additionId } = item as Record<string, unknown>;
  return `organization ${String(organizationId)} → company ${String(companyId)}, agreement ${String(agreementId)}, addition ${String(additionId)}`;
}
