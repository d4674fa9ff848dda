import { describe, expect, it } from 'vitest';
import { connectToSimulator } from '../../test-support/connectwise-app.js';
import { useServerProcesses } from '../../test-support/server-processes.js';
import { mappedOrganizations } from '../../test-support/sync-fixtures.js';
import { alert, enableTicketing, report, waitFor } from '../../test-support/ticketing-fixtures.js';

/*
 * Fault suite, two server processes draining one provider's alerts at once: each incident gets one
 * ticket and every repeat lands in exactly one note, whichever process placed or wrote it.
 */

const bed = useServerProcesses({ companies: 4, agreementsPerCompany: 1, additionsPerAgreement: 1 }, { runLockMs: 60_000 });

describe('fault suite: two processes working one provider’s incidents', { timeout: 120_000 }, () => {
  it('opens one ticket per incident and notes every repeat once while two processes drain a storm of repeats', async ({ task }) => {
    const ticketing = { noteIntervalMs: 300, retry: { baseDelayMs: 50, maxDelayMs: 400 } };
    await bed.worker({ ticketing });
    await bed.worker({ ticketing });
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const [org] = await mappedOrganizations(bed, token, [3]);
    await enableTicketing(bed.t, token, [{ alertType: 'USER_LOCKOUT', recurrence: 'NOTE_ON_OPEN_TICKET' }]);

    const subjects = ['a', 'b', 'c', 'd', 'e'].map((name) => `storm-${name}@acme.com`);
    const ids: string[] = [];
    for (let batch = 0; batch < 6; batch++) {
      const sent = await report(bed.t, token, subjects.flatMap((subject) => [alert({ organizationId: org!.id, subject }), alert({ organizationId: org!.id, subject })]));
      expect(sent.errors).toBeUndefined();
      ids.push(...sent.data!.reportAlerts.events.map((event) => event.id));
      await new Promise((resolve) => setTimeout(resolve, 150));
    }

    type Row = { status: string; ticketId: number | null; noteId: number | null; subject: string };
    const rows = await waitFor(async () => {
      const found = await bed.t.app.orm.em
        .fork()
        .execute<{ status: string; ticket_id: number | null; note_id: number | null; subject: string }[]>(
          'select status, ticket_id, note_id, subject from alert_events where id = any(?::uuid[])',
          [`{${ids.join(',')}}`],
        );
      const settled = found.length === ids.length && found.every((row) => row.status === 'ticketed' || row.status === 'noted' || row.status === 'failed');
      return settled && found.map((row): Row => ({ status: row.status, ticketId: row.ticket_id, noteId: row.note_id, subject: row.subject }));
    }, 'every event ticketed or noted', 90_000);

    const tickets = bed.sim.tickets.filter((ticket) => subjects.some((subject) => ticket.summary.includes(subject)));
    const ourNotes = tickets.flatMap((ticket) => bed.sim.notesOf(ticket.id).filter((note) => note.text.includes('highwater-note:')));
    const markers = ourNotes.map((note) => /highwater-note:\S+?(?=\))/.exec(note.text)?.[0]);
    const repeats = rows.filter((row) => row.status === 'noted');
    task.meta.duplicates = tickets.length - subjects.length + (markers.length - new Set(markers).size);
    task.meta.dataLost = rows.filter((row) => row.status === 'failed').length;

    expect(rows.filter((row) => row.status === 'failed')).toEqual([]);
    expect(tickets).toHaveLength(subjects.length);
    expect(rows.filter((row) => row.status === 'ticketed')).toHaveLength(subjects.length);
    expect(repeats).toHaveLength(ids.length - subjects.length);
    // Every note is written once, and every repeat names a note that exists on its own incident's ticket.
    expect(new Set(markers).size).toBe(markers.length);
    const noteTicket = new Map(ourNotes.map((note) => [note.id, note.ticketId]));
    for (const row of repeats) expect(noteTicket.get(row.noteId!), row.subject).toBe(row.ticketId);
    // Coalesced: fewer notes than repeats.
    expect(ourNotes.length).toBeLessThan(repeats.length);
  });
});
