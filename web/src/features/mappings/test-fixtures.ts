/** Organizations and ConnectWise data for the mapping screens' tests. */
export const mapping = {
  id: 'm1',
  companyId: 19000,
  companyName: 'ACME Inc',
  agreementId: 40000,
  agreementName: 'Managed Services 1',
  additionId: 700000,
  additionName: 'JC-USER — JumpCloud user license',
  lastSyncedAt: null as string | null,
  lastSyncStatus: null as string | null,
  lastError: null as string | null,
  needsAttention: false,
};

export function organization(index: number, overrides: Record<string, unknown> = {}) {
  return {
    id: `org-${index}`,
    name: `Client Organization ${String(index).padStart(4, '0')}`,
    externalId: `jc-${index}`,
    costPerSeat: 8.5,
    highWatermark: 40 + index,
    mapping: null as typeof mapping | null,
    ...overrides,
  };
}

export const agreements = [
  { id: 40000, name: 'Managed Services 1', type: 'Managed Services', status: 'Active', selectable: true },
  { id: 40001, name: 'Managed Services 2', type: null, status: 'Active', selectable: true },
];

export const additions = [
  { id: 700000, productIdentifier: 'JC-USER', description: 'JumpCloud user license', quantity: 10, unitCost: 8.5, cancelled: false },
  { id: 700001, productIdentifier: 'JC-DEVICE', description: 'JumpCloud device management', quantity: 11, unitCost: 3.75, cancelled: false },
  { id: 700002, productIdentifier: 'OLD', description: null, quantity: 1, unitCost: null, cancelled: true },
];

export function company(id: number, name: string) {
  return { id, name, identifier: `C${id}` };
}
