import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, closeClients, failure } from '../../test-support/connectwise-sim/harness.js';
import { startConnectWiseSimulator, type ConnectWiseSimulator } from '../../test-support/connectwise-sim/index.js';
import { parseDenial } from '../../test-support/connectwise-sim/security-role.js';
import { clearConnectWiseDiscoveryCache, ConnectWiseError } from './index.js';
import { permissionName, probeListings, securityPermissions } from './permissions.js';

let sim: ConnectWiseSimulator;

beforeAll(async () => {
  clearConnectWiseDiscoveryCache();
  sim = await startConnectWiseSimulator({ seed: { companies: 3, agreementsPerCompany: 1, additionsPerAgreement: 1 } });
});

afterEach(async () => {
  await closeClients();
  sim.reset();
});

afterAll(async () => {
  await sim?.close();
});

describe('probeRead', () => {
  it('reads one row of each listing and nothing else', async () => {
    const client = clientFor(sim);
    for (const listing of probeListings) expect(await client.probeRead(listing)).toBe(true);
    const apiCalls = sim.requests.filter((entry) => entry.route !== `login/companyinfo/${sim.companyId}`);
    expect(apiCalls.map((entry) => [entry.method, entry.route, entry.query.pageSize])).toEqual(probeListings.map((listing) => ['GET', listing, '1']));
  });

  it('answers false when the security role lacks the module function, and only for its routes', async () => {
    sim.denyPermission('Service Desk > Service Tickets: Inquire');
    const client = clientFor(sim);
    expect(await client.probeRead('service/tickets')).toBe(false);
    expect(await client.probeRead('service/boards')).toBe(true);
    expect(await client.probeRead('finance/agreements')).toBe(true);
  });

  it('answers false for one Table Setup table the role does not include', async () => {
    sim.denyPermission({ area: 'System > Table Setup', table: 'Service / Priority' });
    const client = clientFor(sim);
    expect(await client.probeRead('service/priorities')).toBe(false);
    expect(await client.probeRead('service/sources')).toBe(true);
    expect(await client.probeRead('company/companies/types')).toBe(true);
  });

  it('throws, rather than answering false, when the keys are refused', async () => {
    const error = await failure(clientFor(sim, {}, { privateKey: 'not-the-key' }).probeRead('company/companies'));
    expect(error).toBeInstanceOf(ConnectWiseError);
    expect((error as ConnectWiseError).kind).toBe('unauthorized');
  });
});

describe('the simulated security role', () => {
  it('denies one level of a module function: Add refused, Inquire allowed', async () => {
    sim.denyPermission('Service Desk › Service Tickets: Add');
    const client = clientFor(sim);
    const company = sim.data.companies[0]!;
    const error = (await failure(client.createTicket({ summary: 'Locked out', companyId: company.id, externalXRef: 'hw-test-1' }))) as ConnectWiseError;
    expect(error.kind).toBe('forbidden');
    expect(error.permission).toEqual({ level: 'Add', area: 'Service Desk > Service Tickets' });
    expect(await client.probeRead('service/tickets')).toBe(true);
  });

  it('denies writing additions with Finance > Agreements: Edit, reads still allowed', async () => {
    sim.denyPermission('Finance > Agreements: Edit');
    const client = clientFor(sim);
    const addition = sim.data.additions[0]!;
    const error = (await failure(client.patchAddition(addition.agreementId, addition.id, { quantity: 7 }))) as ConnectWiseError;
    expect(error.permission).toEqual({ level: 'Edit', area: 'Finance > Agreements' });
    expect((await client.additions(addition.agreementId)).items.length).toBeGreaterThan(0);
    expect(sim.patches).toHaveLength(0);
  });

  it('withdraws Close Service Tickets with its denial, and gives it back when denials are cleared', () => {
    sim.denyPermission('Service Desk > Close Service Tickets');
    expect(sim.data.canCloseTickets).toBe(false);
    sim.clearPermissionDenials();
    expect(sim.data.canCloseTickets).toBe(true);
  });

  it('reads denials as the CLI and admin endpoint write them', () => {
    expect(parseDenial('System > Table Setup: inquire (Service / Priority)')).toEqual({ area: 'System > Table Setup', level: 'Inquire', table: 'Service / Priority' });
    expect(parseDenial('Companies -> Company Maintenance')).toEqual({ area: 'Companies > Company Maintenance' });
    expect(() => parseDenial('Agreements')).toThrow(/Module > Function/);
  });
});

describe('permission names', () => {
  it("are ConnectWise's module › function: level, with the Table Setup table", () => {
    expect(permissionName(securityPermissions['agreements.edit'])).toBe('Finance › Agreements: Edit');
    expect(permissionName(securityPermissions['priorities.inquire'])).toBe('System › Table Setup: Inquire (Service / Priority)');
  });

  it('name, for every probe, the module function the simulator guards that route with', async () => {
    const client = clientFor(sim);
    for (const permission of Object.values(securityPermissions)) {
      if (!permission.probe) continue;
      sim.clearPermissionDenials();
      sim.denyPermission({ area: `${permission.module} > ${permission.function}`, level: permission.level, table: permission.table });
      expect(await client.probeRead(permission.probe), permissionName(permission)).toBe(false);
    }
  });
});
