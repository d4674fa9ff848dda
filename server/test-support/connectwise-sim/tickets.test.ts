import { Agent, request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startConnectWiseSimulator, type ConnectWiseSimulator, type SeededBoard } from './index.js';

/*
 * The simulator's service desk over raw HTTPS and its admin endpoint: boards' statuses and options,
 * tickets filed under them, status changes that close and reopen, the close permission, notes, and
 * what technicians do in ConnectWise's screens (close, merge, delete).
 */

let sim: ConnectWiseSimulator;
let agent: Agent;
let companyId: number;
let alerts: SeededBoard;
let serviceDesk: SeededBoard;

interface Raw {
  status: number;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

const api = (path: string) => `/v2025_1/apis/3.0/${path}`;

async function raw(method: string, path: string, options: { body?: unknown; query?: Record<string, string> } = {}): Promise<Raw> {
  const { publicKey, privateKey } = sim.credentials;
  const url = new URL(api(path), sim.url);
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
  const res = await request(url, {
    method: method as 'GET',
    headers: {
      accept: 'application/vnd.connectwise.com+json; version=2025.8',
      authorization: `Basic ${Buffer.from(`${sim.companyId}+${publicKey}:${privateKey}`).toString('base64')}`,
      clientid: sim.clientId,
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    dispatcher: agent,
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${sim.adminUrl}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

const statusNamed = (board: SeededBoard, name: string) => board.statuses.find((status) => status.name === name)!;

async function newTicket(fields: Record<string, unknown> = {}): Promise<{ id: number } & Record<string, unknown>> {
  const created = await raw('POST', 'service/tickets', { body: { summary: 'Lockout', company: { id: companyId }, board: { id: alerts.id }, ...fields } });
  expect(created.status).toBe(201);
  return created.body as { id: number };
}

const setStatus = (ticketId: number, statusId: number) =>
  raw('PATCH', `service/tickets/${ticketId}`, { body: [{ op: 'replace', path: 'status', value: { id: statusId } }] });

beforeAll(async () => {
  sim = await startConnectWiseSimulator({ seed: { companies: 2, agreementsPerCompany: 0 }, admin: true });
  agent = new Agent({ connect: { ca: sim.ca } });
  companyId = sim.initialSeed!.companyIds[0]!;
  alerts = sim.board('Security Alerts')!;
  serviceDesk = sim.board('Service Desk')!;
});

afterEach(() => {
  sim.reset();
});

afterAll(async () => {
  await agent.close();
  await sim.close();
});

describe('boards', () => {
  it('has a default Service Desk board first, a Security Alerts board, and each with open and closed statuses', async () => {
    const boards = (await raw('GET', 'service/boards', { query: { orderBy: 'id asc' } })).body as Array<{ name: string; inactiveFlag: boolean }>;

    expect(boards.filter((board) => !board.inactiveFlag).map((board) => board.name)).toEqual(['Service Desk', 'Security Alerts']);
    for (const board of [serviceDesk, alerts]) {
      expect(board.statuses.filter((status) => status.defaultFlag).map((status) => status.name)).toEqual(['New']);
      expect(board.statuses.filter((status) => status.closedStatus).map((status) => status.name)).toEqual(expect.arrayContaining(['Resolved - Auto', 'Closed']));
      expect(board.types.length).toBeGreaterThan(0);
      expect(board.subTypes.length).toBeGreaterThan(0);
      expect(board.items.length).toBeGreaterThan(0);
    }
  });

  it.each(['statuses', 'types', 'subtypes', 'items'])('lists a board’s %s a page at a time, and answers 404 for an unknown board', async (what) => {
    const listed = await raw('GET', `service/boards/${alerts.id}/${what}`, { query: { pageSize: '2' } });
    const unknown = await raw('GET', `service/boards/424242/${what}`);

    expect(listed.status).toBe(200);
    expect(listed.body).toHaveLength(2);
    expect((listed.body as Array<{ board: { id: number } }>).every((row) => row.board.id === alerts.id)).toBe(true);
    expect(String(listed.headers.link)).toContain('rel="next"');
    expect(unknown).toMatchObject({ status: 404, body: { code: 'NotFound' } });
  });

  it('gives a board added later its own statuses, with ids of its own', () => {
    const added = sim.addBoard({ name: 'Projects Intake', statuses: [{ name: 'Open', defaultFlag: true }, { name: 'Done', closedStatus: true }] });

    expect(added.statuses.map((status) => [status.name, status.closedStatus])).toEqual([
      ['Open', false],
      ['Done', true],
    ]);
    expect(added.statuses.some((status) => alerts.statuses.some((other) => other.id === status.id))).toBe(false);
  });
});

describe('creating tickets on a board', () => {
  it('starts the ticket in the board’s default status and keeps the initial description as its first note', async () => {
    const ticket = await newTicket({ initialDescription: 'First seen 09:12' });

    const notes = await raw('GET', `service/tickets/${ticket.id}/notes`);

    expect(ticket).toMatchObject({ status: { id: statusNamed(alerts, 'New').id, name: 'New' }, closedFlag: false });
    expect(notes.body).toEqual([
      expect.objectContaining({ ticketId: ticket.id, text: 'First seen 09:12', detailDescriptionFlag: true, internalAnalysisFlag: false, createdBy: 'highwater-api' }),
    ]);
  });

  it.each([
    ['a status of another board', () => ({ status: { id: statusNamed(serviceDesk, 'New').id } }), 'status'],
    ['a type of another board', () => ({ type: { id: serviceDesk.types[0]!.id } }), 'type'],
    ['a subtype of another board', () => ({ subType: { id: serviceDesk.subTypes[0]!.id } }), 'subType'],
    ['an item of another board', () => ({ item: { id: serviceDesk.items[0]!.id } }), 'item'],
    ['an inactive type', () => ({ type: { id: alerts.types.find((type) => type.inactiveFlag)!.id } }), 'type'],
    ['an inactive status', () => ({ board: { id: serviceDesk.id }, status: { id: serviceDesk.statuses.find((status) => status.inactive)!.id } }), 'status'],
  ])('answers 400 naming the field for %s', async (_case, fields, field) => {
    const response = await raw('POST', 'service/tickets', { body: { summary: 'Lockout', company: { id: companyId }, board: { id: alerts.id }, ...fields() } });

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'InvalidObject', errors: [{ code: 'InvalidField', resource: 'ticket', field, message: expect.any(String) }] });
  });

  it('files the ticket under the default board when none is given', async () => {
    const ticket = await raw('POST', 'service/tickets', { body: { summary: 'Lockout', company: { id: companyId } } });

    expect(ticket.body).toMatchObject({ board: { id: serviceDesk.id, name: 'Service Desk' }, status: { name: 'New' } });
  });
});

describe('status changes', () => {
  it('closes a ticket moved to a closed status and reopens it when moved back', async () => {
    const ticket = await newTicket();

    const closed = await setStatus(ticket.id, statusNamed(alerts, 'Resolved - Auto').id);
    const read = await raw('GET', `service/tickets/${ticket.id}`);
    const reopened = await setStatus(ticket.id, statusNamed(alerts, 'Investigating').id);

    expect(closed.status).toBe(200);
    expect(read.body).toMatchObject({ closedFlag: true, closedBy: 'highwater-api', closedDate: expect.stringMatching(/Z$/), status: { name: 'Resolved - Auto' } });
    expect(reopened.body).toMatchObject({ closedFlag: false, status: { name: 'Investigating' } });
    expect(reopened.body).not.toHaveProperty('closedDate');
  });

  it('answers 400 for a status that is not one of the ticket’s board', async () => {
    const ticket = await newTicket();

    const response = await setStatus(ticket.id, statusNamed(serviceDesk, 'Closed').id);

    expect(response).toMatchObject({ status: 400, body: { code: 'InvalidObject', errors: [{ field: 'status' }] } });
    expect(sim.ticket(ticket.id)?.closedFlag).toBe(false);
  });

  it('without the close permission answers 403 to closing, still takes other changes, and reset restores it', async () => {
    const ticket = await newTicket();
    expect(await admin('PUT', '/close-permission', { allowed: false })).toEqual({ status: 200, body: { allowed: false } });

    const refused = await setStatus(ticket.id, statusNamed(alerts, 'Closed').id);
    const renamed = await raw('PATCH', `service/tickets/${ticket.id}`, { body: [{ op: 'replace', path: 'summary', value: 'Lockout (3 users)' }] });
    const moved = await setStatus(ticket.id, statusNamed(alerts, 'Investigating').id);
    sim.reset();
    const closed = await setStatus(ticket.id, statusNamed(alerts, 'Closed').id);

    expect(refused).toMatchObject({ status: 403, body: { code: 'Forbidden', message: 'You do not have Edit permission for Service Desk > Close Service Tickets.' } });
    expect(renamed).toMatchObject({ status: 200, body: { summary: 'Lockout (3 users)' } });
    expect(moved).toMatchObject({ status: 200, body: { status: { name: 'Investigating' } } });
    expect(closed).toMatchObject({ status: 200, body: { closedFlag: true } });
  });

  it('starts without the close permission when told so', async () => {
    const strict = await startConnectWiseSimulator({ seed: false, canCloseTickets: false });
    try {
      expect(strict.data.canCloseTickets).toBe(false);
      strict.reset();
      expect(strict.data.canCloseTickets).toBe(false);
    } finally {
      await strict.close();
    }
  });
});

describe('notes', () => {
  it('takes a note (201) and lists the ticket’s notes, filtering by text contains', async () => {
    const ticket = await newTicket({ initialDescription: 'First seen' });

    const posted = await raw('POST', `service/tickets/${ticket.id}/notes`, { body: { text: 'Seen again [hw:1#2]', internalAnalysisFlag: true, processNotifications: false } });
    const filtered = await raw('GET', `service/tickets/${ticket.id}/notes`, { query: { conditions: 'text contains "[hw:1#2]"' } });

    expect(posted).toMatchObject({ status: 201, body: { id: expect.any(Number), ticketId: ticket.id, text: 'Seen again [hw:1#2]', internalAnalysisFlag: true, dateCreated: expect.any(String) } });
    expect(filtered.body).toEqual([posted.body]);
  });

  it('still takes a note on a closed ticket, as ConnectWise does', async () => {
    const ticket = await newTicket();
    sim.technicianClose(ticket.id);

    const posted = await raw('POST', `service/tickets/${ticket.id}/notes`, { body: { text: 'late', detailDescriptionFlag: true } });

    expect(posted.status).toBe(201);
  });

  it.each([
    ['no text', { detailDescriptionFlag: true }, 'text', 'Required'],
    ['no flag', { text: 'Seen again' }, 'detailDescriptionFlag', 'InvalidField'],
  ])('answers 400 for a note with %s', async (_case, body, field, code) => {
    const ticket = await newTicket();

    const response = await raw('POST', `service/tickets/${ticket.id}/notes`, { body });

    expect(response).toMatchObject({ status: 400, body: { code: 'InvalidObject', message: 'serviceNote object is invalid', errors: [{ code, field, resource: 'serviceNote' }] } });
  });

  it('lets a fault pattern single out the notes route', async () => {
    const ticket = await newTicket();
    sim.addFault({ path: 'service/tickets/*/notes', type: 'status', status: 503 });

    const note = await raw('POST', `service/tickets/${ticket.id}/notes`, { body: { text: 'x', detailDescriptionFlag: true } });
    const read = await raw('GET', `service/tickets/${ticket.id}`);

    expect(note.status).toBe(503);
    expect(read.status).toBe(200);
  });
});

describe('what technicians do (admin endpoint)', () => {
  it('closes a ticket as a technician, to the board’s first closed status or the one named, whatever the API member may do', async () => {
    const first = await newTicket();
    const second = await newTicket();
    sim.setClosePermission(false);

    const byDefault = await admin('POST', `/tickets/${first.id}/technician-close`);
    const named = await admin('POST', `/tickets/${second.id}/technician-close`, { statusId: statusNamed(alerts, 'False Positive').id, by: 'akhan' });
    const notClosing = await admin('POST', `/tickets/${second.id}/technician-close`, { statusId: statusNamed(alerts, 'New').id });

    expect(byDefault).toMatchObject({ status: 200, body: { closedFlag: true, closedBy: 'jsmith', status: { name: 'Resolved - Auto' } } });
    expect(named).toMatchObject({ status: 200, body: { closedBy: 'akhan', status: { name: 'False Positive' } } });
    expect(notClosing.status).toBe(400);
  });

  it('merges a ticket into another: closed, pointing at its parent', async () => {
    const parent = await newTicket();
    const child = await newTicket();

    const merged = await admin('POST', `/tickets/${child.id}/merge`, { parentId: parent.id });
    const read = await raw('GET', `service/tickets/${child.id}`);

    expect(merged.status).toBe(200);
    expect(read.body).toMatchObject({ closedFlag: true, mergedParentTicket: { id: parent.id, summary: 'Lockout' } });
  });

  it('deletes a ticket: every route answers 404 for it and listings leave it out', async () => {
    const ticket = await newTicket({ externalXRef: 'hw:deleted' });

    expect(await admin('DELETE', `/tickets/${ticket.id}`)).toEqual({ status: 200, body: { ok: true } });
    const responses = await Promise.all([
      raw('GET', `service/tickets/${ticket.id}`),
      setStatus(ticket.id, statusNamed(alerts, 'Closed').id),
      raw('GET', `service/tickets/${ticket.id}/notes`),
      raw('POST', `service/tickets/${ticket.id}/notes`, { body: { text: 'x', detailDescriptionFlag: true } }),
    ]);
    const listed = await raw('GET', 'service/tickets', { query: { conditions: 'externalXRef="hw:deleted"' } });

    expect(responses.map((response) => response.status)).toEqual([404, 404, 404, 404]);
    expect(listed.body).toEqual([]);
    expect(sim.ticket(ticket.id)?.deleted).toBe(true);
  });

  it('shows a ticket’s notes, adds a technician’s note, and lists tickets with their notes', async () => {
    const ticket = await newTicket({ initialDescription: 'First seen' });

    const added = await admin('POST', `/tickets/${ticket.id}/notes`, { text: 'Called the user', internal: true });
    const notes = await admin('GET', `/tickets/${ticket.id}/notes`);
    const tickets = (await admin('GET', '/tickets')).body as Array<{ id: number; notes: unknown[] }>;

    expect(added).toMatchObject({ status: 200, body: { text: 'Called the user', internalAnalysisFlag: true, createdBy: 'jsmith' } });
    expect((notes.body as Array<{ text: string }>).map((note) => note.text)).toEqual(['First seen', 'Called the user']);
    expect(tickets.find((listed) => listed.id === ticket.id)?.notes).toHaveLength(2);
  });

  it('answers 404 for a ticket that does not exist and 400 for a bad body', async () => {
    expect((await admin('POST', '/tickets/1/technician-close')).status).toBe(404);
    expect((await admin('POST', `/tickets/${(await newTicket()).id}/merge`, {})).status).toBe(400);
    expect((await admin('PUT', '/close-permission', { allowed: 'no' })).status).toBe(400);
  });
});
