import { describe, expect, it } from 'vitest';
import { closedPort } from '../../../test-support/connectwise-sim/harness.js';
import { CONNECT, connectToSimulator, useConnectWiseTestBed } from '../../../test-support/connectwise-app.js';
import { Role } from '../auth/roles.js';

const bed = useConnectWiseTestBed();
type Result = { data?: Record<string, unknown> | null; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };
const failure = (result: Result) => ({ code: result.errors?.[0]?.extensions?.code, message: result.errors?.[0]?.message, field: result.errors?.[0]?.extensions?.field });
const INTEGRATION = '{ connectWiseIntegration { site companyId publicKeyLast4 status } }';

/** The provider's stored integrations (per provider: other test files write theirs concurrently). */
async function integrationRows(providerId: string): Promise<number> {
  const [row] = await bed.t.app.orm.em.fork().execute<{ n: string }[]>('select count(*) as n from connectwise_integrations where provider_id = ?', [providerId]);
  return Number(row!.n);
}

describe('verify and save', () => {
  it('stores the integration only after ConnectWise accepts it, returning no key material', async () => {
    const { token } = await bed.t.createAdmin();
    const result = await bed.t.graphql<{ verifyAndSaveConnectWiseIntegration: Record<string, unknown> }>(CONNECT, { input: bed.sim.credentials }, token);
    expect(result.errors).toBeUndefined();
    expect(result.data?.verifyAndSaveConnectWiseIntegration).toMatchObject({
      site: bed.sim.credentials.site,
      companyId: bed.sim.credentials.companyId,
      codebase: 'v2025_1/',
      publicKeyLast4: bed.sim.credentials.publicKey.slice(-4),
      privateKeySet: true,
      status: 'CONNECTED',
    });
    expect(JSON.stringify(result)).not.toContain(bed.sim.credentials.privateKey);
  });

  it('keeps only ciphertext of the keys in PostgreSQL', async () => {
    const { token, providerId } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const [row] = await bed.t.app.orm.em
      .fork()
      .execute<Record<string, unknown>[]>('select * from connectwise_integrations where provider_id = ?', [providerId]);
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(bed.sim.credentials.privateKey);
    expect(stored).not.toContain(bed.sim.credentials.publicKey);
    expect(String(row!.private_key_sealed)).toMatch(/^v1:[0-9a-f]{12}:/);
  });

  it.each([
    [{ site: 'https://api-na.myconnectwise.net' }, 'site', /Don't include https:\/\//],
    [{ site: 'api-na.myconnectwise.net/v4_6_release' }, 'site', /no path or spaces/],
    [{ site: 'my site.example' }, 'site', /no path or spaces/],
    [{ companyId: '  ' }, 'companyId', /Company ID is required/],
    [{ publicKey: '' }, 'publicKey', /Public API key is required/],
    [{ privateKey: '' }, 'privateKey', /Private API key is required/],
  ])('refuses bad input %o with BAD_USER_INPUT on its field, storing nothing', async (change, field, message) => {
    const { token, providerId } = await bed.t.createAdmin();
    const result = await bed.t.graphql(CONNECT, { input: { ...bed.sim.credentials, ...change } }, token);
    expect(failure(result)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(failure(result).message).toMatch(message);
    expect(await integrationRows(providerId)).toBe(0);
  });

  it('names what ConnectWise refused: unknown company, rejected keys, unknown site — storing nothing', async () => {
    const { token, providerId } = await bed.t.createAdmin();
    const unknownCompany = await bed.t.graphql(CONNECT, { input: { ...bed.sim.credentials, companyId: 'nosuchco' } }, token);
    expect(failure(unknownCompany)).toMatchObject({ code: 'CONNECTWISE_UNKNOWN_COMPANY', field: 'companyId' });
    const wrongKeys = await bed.t.graphql(CONNECT, { input: { ...bed.sim.credentials, privateKey: 'wrong-private-key' } }, token);
    expect(failure(wrongKeys)).toMatchObject({ code: 'CONNECTWISE_KEYS_REJECTED' });
    expect(JSON.stringify(wrongKeys)).not.toContain('wrong-private-key');
    const nowhere = await bed.t.graphql(CONNECT, { input: { ...bed.sim.credentials, site: `127.0.0.1:${await closedPort()}` } }, token);
    expect(failure(nowhere)).toMatchObject({ code: 'CONNECTWISE_UNKNOWN_SITE', field: 'site' });
    expect(await integrationRows(providerId)).toBe(0);
  });

  it('names the permission the API member lacks', async () => {
    const { token } = await bed.t.createAdmin();
    bed.sim.denyPermission({ path: 'company/companies/types' });
    try {
      const result = await bed.t.graphql(CONNECT, { input: bed.sim.credentials }, token);
      expect(failure(result).code).toBe('CONNECTWISE_PERMISSION_DENIED');
      expect(failure(result).message).toMatch(/API member lacks permission .+/);
    } finally {
      bed.sim.clearPermissionDenials();
    }
  });

  it('reports ConnectWise unavailable when it keeps failing', async () => {
    const { token } = await bed.t.createAdmin();
    const fault = bed.sim.addFault({ path: 'system/info', type: 'status', status: 503 });
    try {
      expect(failure(await bed.t.graphql(CONNECT, { input: bed.sim.credentials }, token)).code).toBe('CONNECTWISE_UNAVAILABLE');
    } finally {
      bed.sim.removeFault(fault);
    }
  });

  it('answers CONFLICT to a second integration for the same provider', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    expect(failure(await bed.t.graphql(CONNECT, { input: bed.sim.credentials }, token)).code).toBe('CONFLICT');
  });

  it('is Billing-only and scoped to the provider', async () => {
    const billing = await bed.t.createAdmin();
    await connectToSimulator(bed, billing.token);
    const notBilling = await bed.t.createAdmin({ roles: [Role.ADMIN] });
    expect(failure(await bed.t.graphql(INTEGRATION, {}, notBilling.token)).code).toBe('FORBIDDEN');
    const otherProvider = await bed.t.createAdmin();
    const seen = await bed.t.graphql<{ connectWiseIntegration: unknown }>(INTEGRATION, {}, otherProvider.token);
    expect(seen.data?.connectWiseIntegration).toBeNull();
  });
});

describe('verify and update (rotated keys)', () => {
  const UPDATE = `mutation($input: ConnectWiseIntegrationUpdateInput!) { verifyAndUpdateConnectWiseIntegration(input: $input) { publicKeyLast4 status } }`;

  it('keeps the old keys until new ones verify, then switches', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const oldKeys = { ...bed.sim.credentials };
    const rotated = bed.sim.rotateKeys();
    try {
      const refused = await bed.t.graphql(UPDATE, { input: { publicKey: 'bogus-public-key', privateKey: 'bogus-private-key' } }, token);
      expect(failure(refused).code).toBe('CONNECTWISE_KEYS_REJECTED');
      const stillOld = await bed.t.graphql<{ connectWiseIntegration: { publicKeyLast4: string } }>(INTEGRATION, {}, token);
      expect(stillOld.data?.connectWiseIntegration.publicKeyLast4).toBe(oldKeys.publicKey.slice(-4));

      const updated = await bed.t.graphql<{ verifyAndUpdateConnectWiseIntegration: { publicKeyLast4: string } }>(
        UPDATE,
        { input: { publicKey: rotated.publicKey, privateKey: rotated.privateKey } },
        token,
      );
      expect(updated.errors).toBeUndefined();
      expect(updated.data?.verifyAndUpdateConnectWiseIntegration.publicKeyLast4).toBe(rotated.publicKey.slice(-4));
      const types = await bed.t.graphql('{ companyTypes { id name } }', {}, token);
      expect(types.errors).toBeUndefined();
    } finally {
      bed.sim.reset();
    }
  });

  it('answers INTEGRATION_NOT_CONFIGURED before anything is connected', async () => {
    const { token } = await bed.t.createAdmin();
    const result = await bed.t.graphql(UPDATE, { input: { publicKey: 'a', privateKey: 'b' } }, token);
    expect(failure(result).code).toBe('INTEGRATION_NOT_CONFIGURED');
  });
});

describe('billable company types', () => {
  const BILLABLE = '{ billableCompanyTypes { isDefault types { id name } } }';
  const SET = 'mutation($ids: [Int!]!) { setBillableCompanyTypes(ids: $ids) { id name } }';

  it('defaults to Customer, then keeps what the MSP saves', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const live = await bed.t.graphql<{ companyTypes: { id: number; name: string }[] }>('{ companyTypes { id name } }', {}, token);
    expect(live.data?.companyTypes.map((type) => type.name)).toEqual(expect.arrayContaining(['Customer', 'Prospect', 'Vendor']));
    const initial = await bed.t.graphql<{ billableCompanyTypes: { isDefault: boolean; types: { name: string }[] } }>(BILLABLE, {}, token);
    expect(initial.data?.billableCompanyTypes).toEqual({ isDefault: true, types: [expect.objectContaining({ name: 'Customer' })] });

    const ids = live.data!.companyTypes.filter((type) => type.name !== 'Vendor').map((type) => type.id);
    expect((await bed.t.graphql(SET, { ids }, token)).errors).toBeUndefined();
    const saved = await bed.t.graphql<{ billableCompanyTypes: { isDefault: boolean; types: { name: string }[] } }>(BILLABLE, {}, token);
    expect(saved.data?.billableCompanyTypes.isDefault).toBe(false);
    expect(saved.data?.billableCompanyTypes.types.map((type) => type.name).sort()).toEqual(['Customer', 'Prospect']);
  });

  it('needs at least one type, at most 150, each known to ConnectWise', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    expect(failure(await bed.t.graphql(SET, { ids: [] }, token))).toMatchObject({ code: 'BAD_USER_INPUT', message: 'select at least one company type' });
    expect(failure(await bed.t.graphql(SET, { ids: Array.from({ length: 151 }, (_, i) => i + 1) }, token)).message).toMatch(/at most 150/);
    expect(failure(await bed.t.graphql(SET, { ids: [987654] }, token)).message).toMatch(/no company type 987654/);
  });
});
