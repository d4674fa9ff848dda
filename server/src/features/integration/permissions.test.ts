import { afterEach, describe, expect, it } from 'vitest';
import { connectToSimulator, useConnectWiseTestBed } from '../../../test-support/connectwise-app.js';

const bed = useConnectWiseTestBed();

afterEach(() => bed.sim.clearPermissionDenials());

const REPORT = 'permissions { checkedAt features { feature label ready missing notChecked permissions { name result usedFor } } }';
const SAVE = `mutation($input: ConnectWiseIntegrationInput!) { verifyAndSaveConnectWiseIntegration(input: $input) { status ${REPORT} } }`;
const UPDATE = `mutation($input: ConnectWiseIntegrationUpdateInput!) { verifyAndUpdateConnectWiseIntegration(input: $input) { status ${REPORT} } }`;
const RECHECK = `mutation { checkConnectWisePermissions { status ${REPORT} } }`;
const INTEGRATION = `{ connectWiseIntegration { status ${REPORT} } }`;

interface Feature {
  feature: string;
  label: string;
  ready: boolean;
  missing: string[];
  notChecked: string[];
  permissions: { name: string; result: string; usedFor: string }[];
}
interface Integration {
  status: string;
  permissions: { checkedAt: string; features: Feature[] } | null;
}
type Result = { data?: Record<string, Integration | null> | null; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };

const features = (integration: Integration | null | undefined) =>
  Object.fromEntries((integration?.permissions?.features ?? []).map((feature) => [feature.feature, feature]));

async function integrationRows(providerId: string): Promise<number> {
  const [row] = await bed.t.app.orm.em.fork().execute<{ n: string }[]>('select count(*) as n from connectwise_integrations where provider_id = ?', [providerId]);
  return Number(row!.n);
}

describe('permissions per feature, checked on verify', () => {
  it('reports every feature ready with a full role, listing what only a write could reveal', async () => {
    const { token } = await bed.t.createAdmin();
    const result: Result = await bed.t.graphql(SAVE, { input: bed.sim.credentials }, token);
    expect(result.errors).toBeUndefined();
    const byFeature = features(result.data?.verifyAndSaveConnectWiseIntegration);
    expect(Object.keys(byFeature)).toEqual(['BILLING_SYNC', 'TICKETING', 'CLOSING_TICKETS']);
    expect(byFeature.BILLING_SYNC).toMatchObject({ label: 'Billing sync', ready: true, missing: [], notChecked: ['Finance › Agreements: Edit'] });
    expect(byFeature.TICKETING).toMatchObject({
      ready: true,
      missing: [],
      notChecked: ['Service Desk › Service Tickets: Add', 'Service Desk › Service Tickets: Edit'],
    });
    expect(byFeature.CLOSING_TICKETS).toMatchObject({ ready: true, notChecked: ['Service Desk › Close Service Tickets: Edit'] });
    expect(byFeature.BILLING_SYNC!.permissions).toContainEqual(expect.objectContaining({ name: 'Companies › Company Maintenance: Inquire', result: 'GRANTED' }));
    // Reads only: one row of each listing, nothing written.
    expect(bed.sim.requests.filter((entry) => entry.method !== 'GET')).toEqual([]);
  });

  it('saves the connection for billing when ticketing permissions are missing, naming each as a warning', async () => {
    const { token } = await bed.t.createAdmin();
    bed.sim.denyPermission('Service Desk > Service Tickets');
    bed.sim.denyPermission('System > Table Setup: Inquire (Service / Priority)');
    const result: Result = await bed.t.graphql(SAVE, { input: bed.sim.credentials }, token);
    expect(result.errors).toBeUndefined();
    const saved = result.data?.verifyAndSaveConnectWiseIntegration;
    expect(saved?.status).toBe('CONNECTED');
    expect(features(saved).BILLING_SYNC).toMatchObject({ ready: true, missing: [] });
    expect(features(saved).TICKETING).toMatchObject({
      ready: false,
      missing: ['System › Table Setup: Inquire (Service / Priority)', 'Service Desk › Service Tickets: Inquire'],
    });
    // The integration status shows the same report afterwards.
    const read: Result = await bed.t.graphql(INTEGRATION, {}, token);
    expect(features(read.data?.connectWiseIntegration).TICKETING?.missing).toEqual(features(saved).TICKETING?.missing);
  });

  it('refuses a role that cannot do billing sync, naming every missing permission per feature, storing nothing', async () => {
    const { token, providerId } = await bed.t.createAdmin();
    bed.sim.denyPermission('Finance > Agreements');
    bed.sim.denyPermission('Companies > Company Maintenance: Inquire');
    bed.sim.denyPermission({ area: 'System > Table Setup', table: 'Service / Source' });
    const result: Result = await bed.t.graphql(SAVE, { input: bed.sim.credentials }, token);
    const error = result.errors?.[0];
    expect(error?.extensions?.code).toBe('CONNECTWISE_PERMISSION_DENIED');
    expect(error?.message).toBe(
      'API member lacks permission for billing sync: Companies › Company Maintenance: Inquire, Finance › Agreements: Inquire. ' +
        "Grant them to the API member's security role in ConnectWise (System › Security Roles) and verify again. " +
        'Ticketing also lacks System › Table Setup: Inquire (Service / Source).',
    );
    expect(error?.extensions?.missingPermissions).toEqual({
      BILLING_SYNC: ['Companies › Company Maintenance: Inquire', 'Finance › Agreements: Inquire'],
      TICKETING: ['System › Table Setup: Inquire (Service / Source)'],
      CLOSING_TICKETS: [],
    });
    expect(await integrationRows(providerId)).toBe(0);
  });

  it('checks again with the saved keys once the role is fixed, and verify and update checks too', async () => {
    const { token } = await bed.t.createAdmin();
    bed.sim.denyPermission('Service Desk > Service Tickets: Inquire');
    await connectToSimulator(bed, token);
    const before: Result = await bed.t.graphql(INTEGRATION, {}, token);
    expect(features(before.data?.connectWiseIntegration).TICKETING?.ready).toBe(false);

    bed.sim.clearPermissionDenials();
    const rechecked: Result = await bed.t.graphql(RECHECK, {}, token);
    expect(rechecked.errors).toBeUndefined();
    expect(features(rechecked.data?.checkConnectWisePermissions).TICKETING).toMatchObject({ ready: true, missing: [] });
    const checkedAt = rechecked.data?.checkConnectWisePermissions?.permissions?.checkedAt;
    expect(Date.parse(checkedAt!)).toBeGreaterThanOrEqual(Date.parse(before.data!.connectWiseIntegration!.permissions!.checkedAt));

    bed.sim.denyPermission({ area: 'System > Table Setup', table: 'Service / Service Board' });
    const { publicKey, privateKey } = bed.sim.credentials;
    const updated: Result = await bed.t.graphql(UPDATE, { input: { publicKey, privateKey } }, token);
    expect(updated.errors).toBeUndefined();
    expect(features(updated.data?.verifyAndUpdateConnectWiseIntegration).TICKETING?.missing).toEqual(['System › Table Setup: Inquire (Service / Service Board)']);
  });

  it('reports, rather than refuses, a role that lost billing permissions since it was saved', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    bed.sim.denyPermission('Finance > Agreements: Inquire');
    const result: Result = await bed.t.graphql(RECHECK, {}, token);
    expect(result.errors).toBeUndefined();
    expect(features(result.data?.checkConnectWisePermissions).BILLING_SYNC).toMatchObject({ ready: false, missing: ['Finance › Agreements: Inquire'] });
  });
});
