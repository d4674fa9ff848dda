import { createClient } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectToSimulator, useConnectWiseTestBed } from '../../../test-support/connectwise-app.js';
import {
  createOrganizations,
  enableTicketing,
  eventWithStatus,
  mapOrganization,
  reportOne,
  waitFor,
  type AlertSettingValues,
} from '../../../test-support/ticketing-fixtures.js';

/*
 * Incidents end to end: the real app and its ticket drain against the ConnectWise simulator. Notes are
 * coalesced to one per NOTE_INTERVAL_MS here (a minute in production).
 */
const NOTE_INTERVAL_MS = 1_500;
const bed = useConnectWiseTestBed(
  { companies: 24, additionsPerAgreement: 1 }, // one fresh addition per test's provider
  { processJobs: true, jobsProcessEveryMs: 250, ticketing: { retry: { baseDelayMs: 50, maxDelayMs: 400, maxAttempts: 4 }, noteIntervalMs: NOTE_INTERVAL_MS } },
);

const INCIDENT_FIELDS = `id state endedReason recurrence windowHours ticketId eventCount notesAdded resolvedAt closedAt closedStatusId error subject
  activity { kind ticketId noteId statusId eventCount message } events { id status noteId kind }`;

interface IncidentView {
  id: string;
  state: string;
  endedReason: string | null;
  ticketId: number | null;
  eventCount: number;
  notesAdded: number;
  resolvedAt: string | null;
  closedAt: string | null;
  closedStatusId: number | null;
  error: string | null;
  activity: { kind: string; ticketId: number | null; noteId: number | null; statusId: number | null; eventCount: number; message: string | null }[];
  events: { id: string; status: string; noteId: number | null; kind: string }[];
}

/** A connected provider with one mapped organization and User Lockout tickets on, NOTE_ON_OPEN_TICKET unless said. */
async function provider(setting: Partial<AlertSettingValues> = {}) {
  const admin = await bed.t.createAdmin();
  await connectToSimulator(bed, admin.token);
  const [org] = await createOrganizations(bed.t, admin.token, ['Acme, Inc.']);
  await mapOrganization(bed, admin.token, org!.id);
  await enableTicketing(bed.t, admin.token, [{ alertType: 'USER_LOCKOUT', recurrence: 'NOTE_ON_OPEN_TICKET', ...setting }]);
  const incident = async (id: string) => {
    const result = await bed.t.graphql<{ incident: IncidentView }>(`query($id: ID!) { incident(id: $id) { ${INCIDENT_FIELDS} } }`, { id }, admin.token);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!.incident;
  };
  const lockout = (values: { subject?: string; occurredAt?: string; kind?: 'ALERT' | 'RESOLUTION' } = {}) =>
    reportOne(bed.t, admin.token, { organizationId: org!.id, subject: 'jdoe@acme.com', ...values });
  const waitIncident = (id: string, what: string, done: (incident: IncidentView) => boolean) =>
    waitFor(async () => {
      const found = await incident(id);
      return done(found) ? found : undefined;
    }, what);
  return { ...admin, org: org!, incident, lockout, waitIncident };
}

const notePosts = (ticketId: number) => bed.sim.requests.filter((request) => request.method === 'POST' && request.route === `service/tickets/${ticketId}/notes`);
const ticketPosts = (summaryPart: string) => bed.sim.tickets.filter((ticket) => ticket.summary.includes(summaryPart));

describe('incidents: NOTE_ON_OPEN_TICKET', () => {
  it('adds a repeat to the open ticket as a note, and coalesces a burst of repeats into one note a minute', async () => {
    const p = await provider();
    const first = await eventWithStatus(bed.t, p.token, (await p.lockout({ subject: 'burst@acme.com' })).id, 'TICKETED', 'FAILED');
    const incidentId = first.incident!.id;
    const second = await eventWithStatus(bed.t, p.token, (await p.lockout({ subject: 'Burst@Acme.com ' })).id, 'NOTED', 'FAILED');
    expect(second).toMatchObject({ status: 'NOTED', ticketId: first.ticketId, incident: { id: incidentId } });
    const notedAt = Date.now();

    // Three more at once, right after a note: they wait for the next slot and share one note.
    const burst = [await p.lockout({ subject: 'burst@acme.com' }), await p.lockout({ subject: 'burst@acme.com' }), await p.lockout({ subject: 'burst@acme.com' })];
    const noted = await Promise.all(burst.map((event) => eventWithStatus(bed.t, p.token, event.id, 'NOTED', 'FAILED')));
    expect(new Set(noted.map((event) => event.noteId)).size).toBe(1);
    expect(Date.now() - notedAt).toBeGreaterThanOrEqual(NOTE_INTERVAL_MS - 200);

    const incident = await p.incident(incidentId);
    expect(incident).toMatchObject({ state: 'OPEN', ticketId: first.ticketId, eventCount: 5, notesAdded: 2 });
    expect(incident.activity.map((step) => [step.kind, step.eventCount])).toEqual([['TICKET_OPENED', 1], ['NOTE_ADDED', 1], ['NOTE_ADDED', 3]]);
    // One ticket, two notes besides the description, and the burst's note lists each repeat.
    expect(ticketPosts('burst@acme.com')).toHaveLength(1);
    expect(notePosts(first.ticketId!)).toHaveLength(2);
    const notes = bed.sim.notesOf(first.ticketId!).filter((note) => !note.text.startsWith('JumpCloud alert'));
    expect(notes).toHaveLength(2);
    expect(notes[1]!.text).toContain('3 more times');
    for (const event of burst) expect(notes[1]!.text).toContain(event.externalEventId);
    expect(notes[1]!.text).toContain(`highwater-note:${incidentId}:2`);
  });

  it('opens a new ticket for a repeat after a technician closed the ticket, and never writes to the closed one', async () => {
    const p = await provider();
    const first = await eventWithStatus(bed.t, p.token, (await p.lockout({ subject: 'closed@acme.com' })).id, 'TICKETED', 'FAILED');
    bed.sim.technicianClose(first.ticketId!);
    const repeat = await eventWithStatus(bed.t, p.token, (await p.lockout({ subject: 'closed@acme.com' })).id, 'TICKETED', 'FAILED');

    expect(repeat.ticketId).not.toBe(first.ticketId);
    expect(repeat.incident!.id).not.toBe(first.incident!.id);
    const old = await p.incident(first.incident!.id);
    expect(old).toMatchObject({ state: 'ENDED', endedReason: 'TICKET_CLOSED', notesAdded: 0 });
    expect(old.activity.map((step) => step.kind)).toEqual(['TICKET_OPENED', 'TICKET_GONE']);
    expect(notePosts(first.ticketId!)).toHaveLength(0);
  });

  it('opens a new ticket for a repeat that comes after the window', async () => {
    const p = await provider({ recurrenceWindowHours: 1 });
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
    const first = await eventWithStatus(bed.t, p.token, (await p.lockout({ subject: 'window@acme.com', occurredAt: hoursAgo(3) })).id, 'TICKETED', 'FAILED');
    const within = await eventWithStatus(bed.t, p.token, (await p.lockout({ subject: 'window@acme.com', occurredAt: hoursAgo(2.5) })).id, 'NOTED', 'TICKETED', 'FAILED');
    expect(within).toMatchObject({ status: 'NOTED', ticketId: first.ticketId });
    const after = await eventWithStatus(bed.t, p.token, (await p.lockout({ subject: 'window@acme.com', occurredAt: hoursAgo(0.1) })).id, 'NOTED', 'TICKETED', 'FAILED');

    expect(after.status).toBe('TICKETED');
    expect(after.ticketId).not.toBe(first.ticketId);
    expect(await p.incident(first.incident!.id)).toMatchObject({ state: 'ENDED', endedReason: 'WINDOW_EXPIRED', eventCount: 2, notesAdded: 1 });
  });

  it('keeps subjects and alert types apart: another user is another incident', async () => {
    const p = await provider();
    const a = await eventWithStatus(bed.t, p.token, (await p.lockout({ subject: 'a@acme.com' })).id, 'TICKETED', 'FAILED');
    const b = await eventWithStatus(bed.t, p.token, (await p.lockout({ subject: 'b@acme.com' })).id, 'TICKETED', 'FAILED');
    expect(b.ticketId).not.toBe(a.ticketId);
  });

  it('opens a ticket per event under ONE_TICKET_PER_EVENT', async () => {
    const p = await provider({ recurrence: 'ONE_TICKET_PER_EVENT' });
    const first = await eventWithStatus(bed.t, p.token, (await p.lockout({ subject: 'each@acme.com' })).id, 'TICKETED', 'FAILED');
    const second = await eventWithStatus(bed.t, p.token, (await p.lockout({ subject: 'each@acme.com' })).id, 'TICKETED', 'FAILED');
    expect(second.ticketId).not.toBe(first.ticketId);
  });
});

describe('incidentUpdated', () => {
  it('streams each step of an incident as it happens, with its history as it stands', async () => {
    const p = await provider();
    type Update = { incidentUpdated: { id: string; state: string; notesAdded: number; activity: { kind: string }[] } };
    const received: Update['incidentUpdated'][] = [];
    const client = createClient({ url: bed.t.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${p.token}` }, retryAttempts: 0 });
    try {
      await new Promise<void>((resolve) => {
        client.subscribe<Update>(
          { query: 'subscription { incidentUpdated { id state notesAdded activity { kind } } }' },
          { next: ({ data }) => data && received.push(data.incidentUpdated), error: () => undefined, complete: () => undefined },
        );
        client.on('connected', () => setTimeout(resolve, 200));
      });
      const first = await eventWithStatus(bed.t, p.token, (await p.lockout({ subject: 'live@acme.com' })).id, 'TICKETED', 'FAILED');
      await eventWithStatus(bed.t, p.token, (await p.lockout({ subject: 'live@acme.com' })).id, 'NOTED', 'FAILED');
      await p.lockout({ subject: 'live@acme.com', kind: 'RESOLUTION' });
      await waitFor(async () => received.some((update) => update.state === 'RESOLVED'), 'the resolved incident on the subscription');
      const mine = received.filter((update) => update.id === first.incident!.id);
      expect(mine.map((update) => update.activity.length)).toEqual([...mine.map((update) => update.activity.length)].sort((a, b) => a - b));
      expect(mine.at(-1)!.activity.map((step) => step.kind)).toEqual(['TICKET_OPENED', 'NOTE_ADDED', 'RESOLUTION_NOTE_ADDED']);
      expect(mine.some((update) => update.notesAdded === 1 && update.activity.some((step) => step.kind === 'NOTE_ADDED'))).toBe(true);
    } finally {
      await client.dispose();
    }
  });
});

describe('routing', () => {
  it("opens the ticket on the alert type's board with its status, type, subtype and item", async () => {
    const p = await provider();
    const board = await boardNamed(p.token, 'Security Alerts');
    const status = board.statuses.find((candidate) => !candidate.closed && candidate.name !== 'New')!;
    const routing = { boardId: board.boardId, statusId: status.id, typeId: board.types[0]!.id, subTypeId: board.subTypes[0]!.id, itemId: board.items[0]!.id };
    await enableTicketing(bed.t, p.token, [{ alertType: 'USER_LOCKOUT', ...routing }]);
    const event = await eventWithStatus(bed.t, p.token, (await p.lockout({ subject: 'routed@acme.com' })).id, 'TICKETED', 'FAILED');
    const ticket = bed.sim.tickets.find((candidate) => candidate.id === event.ticketId)!;
    expect(ticket).toMatchObject({
      board: { id: board.boardId },
      status: { id: status.id },
      type: { id: routing.typeId },
      subType: { id: routing.subTypeId },
      item: { id: routing.itemId },
    });
  });
});

describe('incidents: resolution', () => {
  it('adds a resolution note and closes the ticket with the chosen closed status of the board', async () => {
    const p = await provider();
    const board = await boardNamed(p.token, 'Security Alerts');
    const closed = board.statuses.find((status) => status.name === 'Resolved - Auto')!;
    await enableTicketing(bed.t, p.token, [{ alertType: 'USER_LOCKOUT', recurrence: 'NOTE_ON_OPEN_TICKET', boardId: board.boardId, closeOnResolve: true, closedStatusId: closed.id }]);

    const first = await eventWithStatus(bed.t, p.token, (await p.lockout({ subject: 'resolve@acme.com' })).id, 'TICKETED', 'FAILED');
    const resolution = await p.lockout({ subject: 'resolve@acme.com', kind: 'RESOLUTION' });
    expect(resolution).toMatchObject({ kind: 'RESOLUTION', status: 'RECORDED', incident: { id: first.incident!.id } });
    const incident = await p.waitIncident(first.incident!.id, 'the incident to be resolved and closed', (found) => found.state === 'RESOLVED');

    expect(incident).toMatchObject({ closedStatusId: closed.id, error: null, notesAdded: 1 });
    expect(incident.closedAt).not.toBeNull();
    expect(incident.activity.map((step) => step.kind)).toEqual(['TICKET_OPENED', 'RESOLUTION_NOTE_ADDED', 'TICKET_CLOSED']);
    const ticket = bed.sim.tickets.find((candidate) => candidate.id === first.ticketId)!;
    expect(ticket).toMatchObject({ board: { id: board.boardId }, status: { id: closed.id }, closedFlag: true });
    const resolutionNote = bed.sim.notesOf(first.ticketId!).find((note) => note.resolutionFlag);
    expect(resolutionNote?.text).toContain("Resolved: The user's account was unlocked.");
    // A later lockout of the same user is a new problem: a new ticket.
    const again = await eventWithStatus(bed.t, p.token, (await p.lockout({ subject: 'resolve@acme.com' })).id, 'TICKETED', 'NOTED', 'FAILED');
    expect(again.status).toBe('TICKETED');
    expect(again.ticketId).not.toBe(first.ticketId);
  });

  it('writes the resolution note but leaves the ticket open, saying why, without the Close Service Tickets permission', async () => {
    const p = await provider({ closeOnResolve: true });
    const first = await eventWithStatus(bed.t, p.token, (await p.lockout({ subject: 'noperm@acme.com' })).id, 'TICKETED', 'FAILED');
    bed.sim.setClosePermission(false);
    try {
      await p.lockout({ subject: 'noperm@acme.com', kind: 'RESOLUTION' });
      const incident = await p.waitIncident(first.incident!.id, 'the incident to be resolved', (found) => found.state === 'RESOLVED');
      expect(incident.closedAt).toBeNull();
      expect(incident.error).toContain('Close Service Tickets');
      expect(incident.activity.map((step) => step.kind)).toEqual(['TICKET_OPENED', 'RESOLUTION_NOTE_ADDED', 'CLOSE_REFUSED']);
      expect(bed.sim.tickets.find((ticket) => ticket.id === first.ticketId)!.closedFlag).toBeFalsy();
      // One missing permission is not a failing integration.
      const status = await bed.t.graphql<{ connectWiseIntegration: { status: string } }>('{ connectWiseIntegration { status } }', {}, p.token);
      expect(status.data!.connectWiseIntegration.status).toBe('CONNECTED');
    } finally {
      bed.sim.setClosePermission(true);
    }
  });

  it('leaves a ticket a technician closed alone when the resolution comes', async () => {
    const p = await provider({ closeOnResolve: true });
    const first = await eventWithStatus(bed.t, p.token, (await p.lockout({ subject: 'manual@acme.com' })).id, 'TICKETED', 'FAILED');
    bed.sim.technicianClose(first.ticketId!);
    await p.lockout({ subject: 'manual@acme.com', kind: 'RESOLUTION' });
    const incident = await p.waitIncident(first.incident!.id, 'the incident to end', (found) => found.state !== 'OPEN');
    expect(incident).toMatchObject({ state: 'ENDED', endedReason: 'TICKET_CLOSED', notesAdded: 0 });
    expect(notePosts(first.ticketId!)).toHaveLength(0);
  });
});

describe('incidents: when there can be no ticket', () => {
  it('ends an incident whose ticket ConnectWise refuses, and its waiting repeat is tried as a new incident', async () => {
    const p = await provider();
    // Every ticket POST is refused for good (400): the first event fails, then its repeat in turn.
    const refuse = bed.sim.addFault({ method: 'POST', path: 'service/tickets', type: 'status', status: 400, message: 'company is inactive' });
    try {
      const first = await p.lockout({ subject: 'refused@acme.com' });
      const repeat = await p.lockout({ subject: 'refused@acme.com' });
      const failed = await eventWithStatus(bed.t, p.token, first.id, 'FAILED');
      const again = await eventWithStatus(bed.t, p.token, repeat.id, 'FAILED');
      expect(failed.incident).not.toBeNull();
      expect(await p.incident(failed.incident!.id)).toMatchObject({ state: 'ENDED', endedReason: 'NO_TICKET', ticketId: null });
      // Never left waiting for a note on a ticket that does not exist.
      expect(again.incident).not.toBeNull();
      expect(again.incident!.id).not.toBe(failed.incident!.id);
    } finally {
      bed.sim.removeFault(refuse);
    }
  });

  it('ends open incidents when the integration is disabled and cleared, writing nothing more', async () => {
    const p = await provider();
    const first = await eventWithStatus(bed.t, p.token, (await p.lockout({ subject: 'cleared@acme.com' })).id, 'TICKETED', 'FAILED');
    const disabled = await bed.t.graphql('mutation { disableConnectWiseIntegration(confirm: true) }', {}, p.token);
    expect(disabled.errors).toBeUndefined();
    expect(await p.incident(first.incident!.id)).toMatchObject({ state: 'ENDED', endedReason: 'INTEGRATION_DISABLED' });
  });
});

describe('incidents: exactly once when an answer is lost', () => {
  it('finds a note whose answer never came by its marker, and writes it once', async () => {
    const p = await provider();
    const first = await eventWithStatus(bed.t, p.token, (await p.lockout({ subject: 'lostnote@acme.com' })).id, 'TICKETED', 'FAILED');
    const fault = bed.sim.addFault({ method: 'POST', path: `service/tickets/${first.ticketId}/notes`, type: 'truncated-body', times: 1 });
    try {
      const repeat = await eventWithStatus(bed.t, p.token, (await p.lockout({ subject: 'lostnote@acme.com' })).id, 'NOTED', 'FAILED');
      expect(repeat.status).toBe('NOTED');
      const notes = bed.sim.notesOf(first.ticketId!).filter((note) => note.text.includes(`highwater-note:${first.incident!.id}:1`));
      expect(notes).toHaveLength(1);
      expect(repeat.noteId).toBe(notes[0]!.id);
      expect(notePosts(first.ticketId!)).toHaveLength(1);
    } finally {
      bed.sim.removeFault(fault);
    }
  });

  it('records a close whose answer never came from the ticket itself, without closing it twice', async () => {
    const p = await provider({ closeOnResolve: true });
    const first = await eventWithStatus(bed.t, p.token, (await p.lockout({ subject: 'lostclose@acme.com' })).id, 'TICKETED', 'FAILED');
    const fault = bed.sim.addFault({ method: 'PATCH', path: `service/tickets/${first.ticketId}`, type: 'truncated-body', times: 1 });
    try {
      await p.lockout({ subject: 'lostclose@acme.com', kind: 'RESOLUTION' });
      const incident = await p.waitIncident(first.incident!.id, 'the incident to be resolved', (found) => found.state === 'RESOLVED');
      expect(incident.closedAt).not.toBeNull();
      const patches = bed.sim.requests.filter((request) => request.method === 'PATCH' && request.route === `service/tickets/${first.ticketId}`);
      expect(patches).toHaveLength(1);
      expect(incident.activity.filter((step) => step.kind === 'TICKET_CLOSED')).toHaveLength(1);
      expect(incident.activity.filter((step) => step.kind === 'RESOLUTION_NOTE_ADDED')).toHaveLength(1);
    } finally {
      bed.sim.removeFault(fault);
    }
  });
});

async function boardNamed(token: string, name: string) {
  const options = await bed.t.graphql<{ alertTicketOptions: { boards: { id: number; name: string }[] } }>('{ alertTicketOptions { boards { id name } } }', {}, token);
  const boardId = options.data!.alertTicketOptions.boards.find((board) => board.name === name)!.id;
  const result = await bed.t.graphql<{ serviceBoardOptions: { boardId: number; statuses: { id: number; name: string; closed: boolean }[]; types: { id: number; name: string }[]; subTypes: { id: number; name: string }[]; items: { id: number; name: string }[] } }>(
    'query($b: Int!) { serviceBoardOptions(boardId: $b) { boardId statuses { id name closed isDefault } types { id name } subTypes { id name } items { id name } } }',
    { b: boardId },
    token,
  );
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.serviceBoardOptions;
}
