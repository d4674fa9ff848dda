import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureLogger, clientFor, closeClients, failure } from '../../test-support/connectwise-sim/harness.js';
import { startConnectWiseSimulator, type ConnectWiseSimulator, type SeededBoard } from '../../test-support/connectwise-sim/index.js';
import { ConnectWiseError, clearConnectWiseDiscoveryCache, type Ticket } from './index.js';

/*
 * The ticket lifecycle through the real client against the simulator: a board's statuses and options,
 * reading a ticket back (closed, merged, deleted), notes (including one whose answer was lost) and
 * status changes (including a role that may not close tickets).
 */

let sim: ConnectWiseSimulator;
let companyId: number;
let alerts: SeededBoard;

beforeEach(async () => {
  clearConnectWiseDiscoveryCache();
  sim = await startConnectWiseSimulator({ seed: { companies: 2, agreementsPerCompany: 0 } });
  companyId = sim.initialSeed!.companyIds[0]!;
  alerts = sim.board('Security Alerts')!;
});

afterEach(async () => {
  await closeClients();
  await sim.close();
});

const statusNamed = (board: SeededBoard, name: string) => board.statuses.find((status) => status.name === name)!;

function openTicket(extra: Partial<Parameters<ReturnType<typeof clientFor>['createTicket']>[0]> = {}): Promise<Ticket> {
  return clientFor(sim).createTicket({ summary: 'Account lockout — jdoe', companyId, boardId: alerts.id, externalXRef: `hw:${Math.random()}`, ...extra });
}

describe('board statuses, types, subtypes and items', () => {
  it('lists a board’s statuses in ConnectWise’s order, the closing ones marked', async () => {
    const statuses = await clientFor(sim).boardStatuses(alerts.id);

    expect(statuses.map((status) => status.name)).toEqual(['New', 'Investigating', 'Waiting on Customer', 'Resolved - Auto', 'False Positive', 'Closed']);
    expect(statuses.filter((status) => status.closedStatus).map((status) => status.name)).toEqual(['Resolved - Auto', 'False Positive', 'Closed']);
    expect(statuses.find((status) => status.defaultFlag)?.name).toBe('New');
    expect(sim.requestsTo('GET', `service/boards/${alerts.id}/statuses`)[0]?.query.orderBy).toBe('sortOrder asc');
  });

  it('lists only that board’s types, subtypes and items, inactive ones marked', async () => {
    const client = clientFor(sim);
    const serviceDesk = sim.board('Service Desk')!;

    const [types, subTypes, items, otherTypes] = await Promise.all([
      client.boardTypes(alerts.id),
      client.boardSubTypes(alerts.id),
      client.boardItems(alerts.id),
      client.boardTypes(serviceDesk.id),
    ]);

    expect(types.map((type) => [type.name, type.inactiveFlag])).toEqual([
      ['Old Alert Type', true],
      ['Security Alert', false],
      ['Security Incident', false],
    ]);
    expect(subTypes.map((subType) => subType.name)).toEqual(['Email', 'Endpoint', 'Identity']);
    expect(items.map((item) => item.name)).toContain('Account Lockout');
    expect(otherTypes.map((type) => type.name)).toContain('Incident');
    expect(otherTypes.some((type) => types.some((own) => own.id === type.id))).toBe(false);
  });

  it('fails with not-found for a board that does not exist', async () => {
    const error = await failure(clientFor(sim).boardStatuses(987_654));

    expect(error).toBeInstanceOf(ConnectWiseError);
    expect(error).toMatchObject({ kind: 'not-found', status: 404 });
  });

  it('skips a type row it cannot read and keeps one whose extra fields are odd, logging fields but not values', async () => {
    const [type] = alerts.types;
    sim.addFault({
      method: 'GET',
      path: 'service/boards/*/types',
      type: 'respond',
      body: [{ id: type!.id, name: 'Security Alert', inactiveFlag: 'nope' }, { id: 77, name: null }, { name: 'No id' }],
    });
    const logger = captureLogger();

    const types = await clientFor(sim, { logger }).boardTypes(alerts.id);

    expect(types).toEqual([{ id: type!.id, name: 'Security Alert', inactiveFlag: undefined }]);
    const warning = logger.entries.find((entry) => entry.msg === 'skipped ConnectWise rows that could not be read');
    expect(warning?.obj).toMatchObject({ skipped: 2 });
    expect(JSON.stringify(warning?.obj)).not.toContain('No id');
  });
});

describe('creating a ticket on a board', () => {
  it('sends status, type, subtype and item as references and ConnectWise files the ticket under them', async () => {
    const type = alerts.types.find((row) => row.name === 'Security Alert')!;
    const subType = alerts.subTypes.find((row) => row.name === 'Identity')!;
    const item = alerts.items.find((row) => row.name === 'Account Lockout')!;
    const investigating = statusNamed(alerts, 'Investigating');

    const ticket = await openTicket({ statusId: investigating.id, typeId: type.id, subTypeId: subType.id, itemId: item.id });

    expect(ticket).toMatchObject({
      board: { id: alerts.id },
      status: { id: investigating.id, name: 'Investigating' },
      type: { id: type.id },
      subType: { id: subType.id },
      item: { id: item.id },
      closedFlag: false,
    });
    expect(sim.requestsTo('POST', 'service/tickets')[0]?.body).toMatchObject({
      status: { id: investigating.id },
      type: { id: type.id },
      subType: { id: subType.id },
      item: { id: item.id },
    });
  });

  it('starts a ticket in the board’s default status when none is given', async () => {
    const ticket = await openTicket();

    expect(ticket.status).toMatchObject({ id: statusNamed(alerts, 'New').id, name: 'New' });
  });

  it('is refused with the field named when the status belongs to another board', async () => {
    const otherBoardsNew = statusNamed(sim.board('Service Desk')!, 'New');

    const error = await failure(openTicket({ statusId: otherBoardsNew.id }));

    expect(error).toMatchObject({ kind: 'bad-request', status: 400, errors: [expect.objectContaining({ field: 'status' })] });
    expect(sim.tickets).toHaveLength(0);
  });
});

describe('reading a ticket back', () => {
  it('reads an open ticket as not closed', async () => {
    const created = await openTicket();

    const ticket = await clientFor(sim).ticket(created.id);

    expect(ticket).toMatchObject({ id: created.id, closedFlag: false, status: { name: 'New' } });
    expect(ticket?.closedDate).toBeUndefined();
  });

  it('reads a ticket a technician closed with who closed it, when, and the closed status', async () => {
    const created = await openTicket();
    sim.technicianClose(created.id, { by: 'jsmith', statusId: statusNamed(alerts, 'False Positive').id });

    const ticket = await clientFor(sim).ticket(created.id);

    expect(ticket).toMatchObject({ closedFlag: true, closedBy: 'jsmith', status: { name: 'False Positive' } });
    expect(ticket?.closedDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('reads a merged ticket as closed, pointing at the ticket it was merged into', async () => {
    const parent = await openTicket();
    const child = await openTicket();
    sim.mergeTicket(child.id, parent.id);

    const ticket = await clientFor(sim).ticket(child.id);

    expect(ticket).toMatchObject({ closedFlag: true, mergedParentTicket: { id: parent.id } });
  });

  it('reads several tickets in one request, leaving out a deleted one', async () => {
    const [a, b, gone] = [await openTicket(), await openTicket(), await openTicket()];
    sim.technicianClose(b.id);
    sim.deleteTicket(gone.id);
    const before = sim.requestsTo('GET', 'service/tickets').length;

    const read = await clientFor(sim).ticketsById([a.id, b.id, gone.id, a.id]);

    expect([...read.keys()].sort()).toEqual([a.id, b.id].sort());
    expect(read.get(b.id)?.closedFlag).toBe(true);
    expect(read.get(a.id)?.closedFlag).toBeFalsy();
    expect(sim.requestsTo('GET', 'service/tickets').length - before).toBe(1);
  });

  it('answers null for a deleted ticket', async () => {
    const created = await openTicket();
    sim.deleteTicket(created.id);

    await expect(clientFor(sim).ticket(created.id)).resolves.toBeNull();
  });
});

describe('notes', () => {
  it('keeps the initial description as the ticket’s first note and adds ours after it', async () => {
    const created = await openTicket({ initialDescription: 'First seen at 09:12' });

    const note = await clientFor(sim).addTicketNote(created.id, { text: 'Seen again at 10:40 [hw:a1#2]', internalAnalysisFlag: true, processNotifications: false });

    expect(note).toMatchObject({ id: expect.any(Number), ticketId: created.id, text: 'Seen again at 10:40 [hw:a1#2]', internalAnalysisFlag: true });
    expect(sim.notesOf(created.id).map((stored) => [stored.text, stored.detailDescriptionFlag])).toEqual([
      ['First seen at 09:12', true],
      ['Seen again at 10:40 [hw:a1#2]', false],
    ]);
    expect(sim.requestsTo('POST', `service/tickets/${created.id}/notes`)[0]?.body).toEqual({
      text: 'Seen again at 10:40 [hw:a1#2]',
      internalAnalysisFlag: true,
      processNotifications: false,
    });
  });

  it('sends a note with no flag as a discussion note, which ConnectWise requires one of', async () => {
    const created = await openTicket();

    const note = await clientFor(sim).addTicketNote(created.id, { text: 'Seen again' });

    expect(note.detailDescriptionFlag).toBe(true);
  });

  it('refuses a blank note without calling ConnectWise', async () => {
    const created = await openTicket();

    const error = await failure(clientFor(sim).addTicketNote(created.id, { text: '   ' }));

    expect(error).toMatchObject({ kind: 'bad-request' });
    expect(sim.requestsTo('POST', `service/tickets/${created.id}/notes`)).toHaveLength(0);
  });

  it('fails with not-found when the ticket was deleted', async () => {
    const created = await openTicket();
    sim.deleteTicket(created.id);

    const error = await failure(clientFor(sim).addTicketNote(created.id, { text: 'Seen again' }));

    expect(error).toMatchObject({ kind: 'not-found', status: 404 });
  });

  it('does not repeat a note whose answer was cut off, and finds the note it wrote', async () => {
    const created = await openTicket();
    sim.addFault({ method: 'POST', path: 'service/tickets/*/notes', type: 'truncated-body', times: 1 });
    const client = clientFor(sim);

    const error = await failure(client.addTicketNote(created.id, { text: 'Seen again [hw:lost#2]' }));
    const found = await client.findTicketNote(created.id, '[hw:lost#2]');

    expect(error).toMatchObject({ kind: 'bad-response' });
    expect(sim.requestsTo('POST', `service/tickets/${created.id}/notes`)).toHaveLength(1);
    expect(sim.notesOf(created.id)).toHaveLength(1);
    expect(found).toMatchObject({ id: sim.notesOf(created.id)[0]!.id, text: 'Seen again [hw:lost#2]' });
  });

  it('does not repeat a note after a 503, but does after a 429', async () => {
    const created = await openTicket();
    const client = clientFor(sim);
    sim.addFault({ method: 'POST', path: 'service/tickets/*/notes', type: 'status', status: 503, times: 1 });

    const error = await failure(client.addTicketNote(created.id, { text: 'first' }));
    sim.addFault({ method: 'POST', path: 'service/tickets/*/notes', type: 'rate-limit', limit: 0, retryAfterSeconds: 0, times: 1 });
    await client.addTicketNote(created.id, { text: 'second' });

    expect(error).toMatchObject({ kind: 'upstream', status: 503 });
    expect(sim.notesOf(created.id).map((note) => note.text)).toEqual(['second']);
    expect(sim.requestsTo('POST', `service/tickets/${created.id}/notes`).map((request) => request.status)).toEqual([503, 429, 201]);
  });

  it('finds a note by its marker across pages, matching case, and answers null when none has it', async () => {
    const created = await openTicket();
    for (let n = 1; n <= 1500; n++) sim.technicianNote(created.id, `routine check ${n}`);
    sim.technicianNote(created.id, 'seen again [HW:X#2]');
    sim.technicianNote(created.id, 'seen again [hw:x#2]');
    const client = clientFor(sim);

    const found = await client.findTicketNote(created.id, '[hw:x#2]');
    const missing = await client.findTicketNote(created.id, '[hw:x#3]');

    expect(found?.text).toBe('seen again [hw:x#2]');
    expect(missing).toBeNull();
    expect(sim.requestsTo('GET', `service/tickets/${created.id}/notes`).map((request) => request.query.page)).toEqual(['1', '2', '1', '2']);
  });

  it('stops reading pages once the note is found', async () => {
    const created = await openTicket({ initialDescription: 'alert [hw:y#1]' });
    for (let n = 1; n <= 1500; n++) sim.technicianNote(created.id, `routine check ${n}`);

    const found = await clientFor(sim).findTicketNote(created.id, '[hw:y#1]');

    expect(found?.text).toBe('alert [hw:y#1]');
    expect(sim.requestsTo('GET', `service/tickets/${created.id}/notes`)).toHaveLength(1);
  });

  it('skips a note row it cannot read and still finds the marked one', async () => {
    const created = await openTicket();
    sim.addFault({
      method: 'GET',
      path: 'service/tickets/*/notes',
      type: 'respond',
      body: [{ text: 'no id [hw:z#1]' }, { id: 12, text: 'seen [hw:z#1]', ticketId: created.id }],
    });
    const logger = captureLogger();

    const found = await clientFor(sim, { logger }).findTicketNote(created.id, '[hw:z#1]');

    expect(found).toMatchObject({ id: 12, text: 'seen [hw:z#1]' });
    expect(logger.entries.some((entry) => entry.msg === 'skipped ConnectWise rows that could not be read')).toBe(true);
  });

  it('fails with not-found when looking for a note on a deleted ticket', async () => {
    const created = await openTicket();
    sim.deleteTicket(created.id);

    const error = await failure(clientFor(sim).findTicketNote(created.id, '[hw:gone]'));

    expect(error).toMatchObject({ kind: 'not-found' });
  });
});

describe('changing a ticket’s status', () => {
  it('closes a ticket with one whole-field replace of its status, and reopens it', async () => {
    const created = await openTicket();
    const client = clientFor(sim);

    const closed = await client.setTicketStatus(created.id, statusNamed(alerts, 'Resolved - Auto').id);
    const reopened = await client.setTicketStatus(created.id, statusNamed(alerts, 'New').id);

    expect(closed).toMatchObject({ closedFlag: true, closedBy: 'highwater-api', status: { name: 'Resolved - Auto' } });
    expect(reopened).toMatchObject({ closedFlag: false, status: { name: 'New' } });
    expect(reopened.closedBy).toBeUndefined();
    expect(sim.requestsTo('PATCH', `service/tickets/${created.id}`)[0]?.body).toEqual([
      { op: 'replace', path: 'status', value: { id: statusNamed(alerts, 'Resolved - Auto').id } },
    ]);
  });

  it('is refused naming the field when the status belongs to another board', async () => {
    const created = await openTicket();

    const error = await failure(clientFor(sim).setTicketStatus(created.id, statusNamed(sim.board('Service Desk')!, 'Closed').id));

    expect(error).toMatchObject({ kind: 'bad-request', errors: [expect.objectContaining({ field: 'status' })] });
    expect(sim.ticket(created.id)?.closedFlag).toBe(false);
  });

  it('reports the missing Close Service Tickets permission, while other status changes still work', async () => {
    const created = await openTicket();
    sim.setClosePermission(false);
    const client = clientFor(sim);

    const error = await failure(client.setTicketStatus(created.id, statusNamed(alerts, 'Closed').id));
    const moved = await client.setTicketStatus(created.id, statusNamed(alerts, 'Investigating').id);

    expect(error).toMatchObject({ kind: 'forbidden', status: 403, permission: { level: 'Edit', area: 'Service Desk > Close Service Tickets' } });
    expect(moved).toMatchObject({ closedFlag: false, status: { name: 'Investigating' } });
  });

  it('retries a status change after a 503, the change being safe to repeat', async () => {
    const created = await openTicket();
    sim.addFault({ method: 'PATCH', path: 'service/tickets/*', type: 'status', status: 503, times: 1 });

    const closed = await clientFor(sim).setTicketStatus(created.id, statusNamed(alerts, 'Closed').id);

    expect(closed.closedFlag).toBe(true);
    expect(sim.requestsTo('PATCH', `service/tickets/${created.id}`)).toHaveLength(2);
  });

  it('fails with not-found for a deleted ticket', async () => {
    const created = await openTicket();
    sim.deleteTicket(created.id);

    const error = await failure(clientFor(sim).setTicketStatus(created.id, statusNamed(alerts, 'Closed').id));

    expect(error).toMatchObject({ kind: 'not-found' });
  });
});
