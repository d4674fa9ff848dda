import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clearConnectWiseDiscoveryCache } from '../../src/connectwise/index.js';
import { collect } from '../client-test-helpers.js';
import { clientFor as connectWiseClient, closeClients as closeConnectWiseClients } from '../connectwise-sim/harness.js';
import { startConnectWiseSimulator, type ConnectWiseSimulator } from '../connectwise-sim/index.js';
import { clientFor as jumpCloudClient, closeClients as closeJumpCloudClients } from '../jumpcloud-sim/harness.js';
import { startJumpCloudSimulator, type JumpCloudSimulator } from '../jumpcloud-sim/index.js';
import { contractRecorder } from './recorder.js';

/*
 * Every vendor operation highwater uses, driven once through our real clients against the simulators,
 * with the recorder holding each request and response to the vendor's spec (a violation fails the test
 * that made it, from the setup file). What this file adds: proof that each operation was actually
 * exercised and checked both ways, so a new call cannot slip past the contract unseen.
 */

const recorder = contractRecorder();
let cw: ConnectWiseSimulator;
let jc: JumpCloudSimulator;

beforeAll(async () => {
  clearConnectWiseDiscoveryCache();
  [cw, jc] = await Promise.all([startConnectWiseSimulator({ seed: { companies: 3, additionsPerAgreement: 2 } }), startJumpCloudSimulator()]);
});

afterEach(async () => {
  await Promise.all([closeConnectWiseClients(), closeJumpCloudClients()]);
});

afterAll(async () => {
  await Promise.all([cw.close(), jc.close()]);
  const rows = [...recorder.coverage.values()].sort((a, b) => `${a.api} ${a.operation}`.localeCompare(`${b.api} ${b.operation}`));
  // The table the closing notes and README quote; printed, not asserted (counts depend on the whole file).
  console.info(['operation | requests checked | responses checked', ...rows.map((row) => `${row.api} ${row.operation} | ${row.requests} | ${row.responses}`)].join('\n'));
});

function checked(api: string, operation: string) {
  return recorder.coverage.get(`${api} ${operation}`) ?? { requests: 0, responses: 0 };
}

describe('ConnectWise Manage', () => {
  it('checks reads of the instance, its company types, companies, agreements and additions', async () => {
    const client = connectWiseClient(cw);
    await client.systemInfo();
    await client.companyTypes();
    const companies = await collect(client.iterateCompanies({ pageSize: 2 }));
    await client.companiesPage({ page: 1, pageSize: 2, search: 'a' });
    const { items: agreements } = await client.agreements(companies[0]!.id);
    const { items: additions } = await client.additions(agreements[0]!.id);
    await client.addition(agreements[0]!.id, additions[0]!.id);

    for (const operation of [
      'GET /system/info',
      'GET /company/companies/types',
      'GET /company/companies',
      'GET /finance/agreements',
      'GET /finance/agreements/{parentId}/additions',
      'GET /finance/agreements/{parentId}/additions/{id}',
    ]) {
      expect(checked('connectwise', operation).responses, operation).toBeGreaterThan(0);
    }
  });

  it('checks the billing write: quantity and cost of an addition', async () => {
    const client = connectWiseClient(cw);
    const { agreementId, additionId } = cw.initialSeed!.additions[0]!;

    const updated = await client.patchAddition(agreementId, additionId, { quantity: 17, unitCost: 8.25 });

    expect(updated).toMatchObject({ quantity: 17, unitCost: 8.25 });
    expect(checked('connectwise', 'PATCH /finance/agreements/{parentId}/additions/{id}').responses).toBeGreaterThan(0);
  });

  it('checks the ticketing reads and the ticket it opens', async () => {
    const client = connectWiseClient(cw);
    await client.priorities();
    await client.sources();
    await client.boards();
    const ticket = await client.createTicket({ summary: 'User Lockout — jdoe@acme.example', companyId: cw.initialSeed!.companyIds[0]!, externalXRef: 'hw:contract:1' });
    const found = await client.findTicketByExternalXRef('hw:contract:1');

    expect(found?.id).toBe(ticket.id);
    for (const operation of ['GET /service/priorities', 'GET /service/sources', 'GET /service/boards', 'POST /service/tickets', 'GET /service/tickets']) {
      expect(checked('connectwise', operation).responses, operation).toBeGreaterThan(0);
    }
  });

  it('checks the ticket lifecycle: board statuses, a ticket read, its note and its status change', async () => {
    const client = connectWiseClient(cw);
    const board = cw.board('Security Alerts')!;
    const statuses = await client.boardStatuses(board.id);
    const active = <T extends { inactiveFlag?: boolean }>(rows: T[]) => rows.find((row) => !row.inactiveFlag);
    const type = active(await client.boardTypes(board.id));
    const subType = active(await client.boardSubTypes(board.id));
    const item = active(await client.boardItems(board.id));
    const ticket = await client.createTicket({
      summary: 'Suspicious login — jdoe@acme.example',
      companyId: cw.initialSeed!.companyIds[0]!,
      boardId: board.id,
      statusId: statuses.find((status) => status.defaultFlag)!.id,
      typeId: type!.id,
      subTypeId: subType!.id,
      itemId: item!.id,
      initialDescription: 'First seen 09:12 UTC',
      externalXRef: 'hw:contract:2',
    });
    await client.ticket(ticket.id);
    await client.addTicketNote(ticket.id, { text: 'Seen again [hw:contract:2#2]', processNotifications: false });
    const note = await client.findTicketNote(ticket.id, '[hw:contract:2#2]');
    const closed = await client.setTicketStatus(ticket.id, statuses.find((status) => status.closedStatus)!.id);

    expect(note).not.toBeNull();
    expect(closed.closedFlag).toBe(true);
    for (const operation of [
      'GET /service/boards/{parentId}/statuses',
      'GET /service/tickets/{id}',
      'PATCH /service/tickets/{id}',
      'POST /service/tickets/{parentId}/notes',
    ]) {
      expect(checked('connectwise', operation).responses, operation).toBeGreaterThan(0);
    }
    // Types, subtypes, items and the notes listing are outside the spec subset: called, and passed over
    // by the recorder only because deviations.ts lists them (any other unspecified call fails the test).
    expect(cw.requestsTo('GET', new RegExp(`^service/boards/${board.id}/(types|subtypes|items)$`))).toHaveLength(3);
    expect(cw.requestsTo('GET', new RegExp(`^service/tickets/${ticket.id}/notes$`))).toHaveLength(1);
  });
});

describe('JumpCloud', () => {
  it('checks the organizations, user counts and Directory Insights pages the poller reads', async () => {
    const [organization] = jc.seedOrganizations(3, 4, { suspendedPerOrg: 1, stagedPerOrg: 1 });
    jc.appendEvents(organization!.id, [
      { service: 'directory', event_type: 'user_lockout', resource: { type: 'user', username: 'jdoe' } },
      { service: 'directory', event_type: 'user_password_expired', resource: { type: 'user', username: 'asmith' } },
      { service: 'systems', event_type: 'system_fde_key_decrypt', system: { hostname: 'laptop-7' } },
    ]);
    const client = jumpCloudClient(jc);

    await collect(client.iterateOrganizations({ pageSize: 2 }));
    await client.countUsers(organization!.id, { excludeStates: ['SUSPENDED', 'STAGED'] });
    // Pages of one event, so the cursor goes back as `search_after`.
    const events = await collect(client.iterateDirectoryEvents({ orgId: organization!.id, startTime: new Date(Date.now() - 3_600_000), services: ['directory', 'systems'], pageSize: 1 }));

    expect(events).toHaveLength(3);
    expect(checked('jumpcloud v2', 'GET /providers/{provider_id}/organizations').responses).toBeGreaterThan(1);
    expect(checked('jumpcloud v1', 'GET /systemusers').responses).toBeGreaterThan(0);
    expect(checked('jumpcloud directory insights', 'POST /events').responses).toBeGreaterThan(2);
  });
});
