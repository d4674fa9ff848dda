import { describe, expect, it } from 'vitest';
import { connectToSimulator, useConnectWiseTestBed } from '../../../test-support/connectwise-app.js';
import { Role } from '../auth/roles.js';
import { enableTicketing, errorCode, SAVE_SETTINGS, ticketOptions } from '../../../test-support/ticketing-fixtures.js';

const bed = useConnectWiseTestBed({ companies: 2 });

const SETTINGS = `{ ticketingSettings { automatedTicketing updatedBy { email }
  alerts { alert { id name category description } createTickets priority { id name } source { id name } dueDays recurrence } } }`;

type SettingsView = {
  automatedTicketing: boolean;
  updatedBy: { email: string } | null;
  alerts: { alert: { id: string; name: string }; createTickets: boolean; priority: { id: number; name: string } | null; source: { id: number; name: string } | null; dueDays: number; recurrence: string }[];
};

async function settings(token: string): Promise<SettingsView> {
  const result = await bed.t.graphql<{ ticketingSettings: SettingsView }>(SETTINGS, {}, token);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.ticketingSettings;
}

describe('alert catalogue and settings', () => {
  it('lists the four alerts of the catalogue, with defaults until saved: ticketing off, tickets off, priority None, due in 1 day, a note on the open ticket', async () => {
    const { token } = await bed.t.createAdmin();
    const catalogue = await bed.t.graphql<{ alertCatalogue: { id: string; name: string; category: string; description: string }[] }>(
      '{ alertCatalogue { id name category description } }',
      {},
      token,
    );
    expect(catalogue.data!.alertCatalogue.map((alert) => alert.name)).toEqual([
      'Disk Encryption Key Decrypted',
      'User Admin Access Granted',
      'User Lockout',
      'User Password Expired',
    ]);
    expect(catalogue.data!.alertCatalogue.every((alert) => alert.category && alert.description)).toBe(true);

    const view = await settings(token);
    expect(view.automatedTicketing).toBe(false);
    expect(view.alerts.map((alert) => alert.alert.id)).toEqual(['DISK_ENCRYPTION_KEY_DECRYPTED', 'USER_ADMIN_ACCESS_GRANTED', 'USER_LOCKOUT', 'USER_PASSWORD_EXPIRED']);
    expect(view.alerts.every((alert) => !alert.createTickets && alert.priority === null && alert.source === null && alert.dueDays === 1)).toBe(true);
    expect(view.alerts.every((alert) => alert.recurrence === 'NOTE_ON_OPEN_TICKET')).toBe(true);
  });

  it("offers the instance's own priorities and sources, read live from ConnectWise", async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const before = bed.sim.requests.length;
    const result = await bed.t.graphql<{ alertTicketOptions: { priorities: { id: number; name: string; isDefault: boolean; level: string }[]; sources: { name: string }[]; maxDueDays: number } }>(
      '{ alertTicketOptions { priorities { id name isDefault level } sources { id name isDefault } maxDueDays } }',
      {},
      token,
    );
    const options = result.data!.alertTicketOptions;
    expect(options.priorities.map((priority) => priority.name)).toEqual(bed.sim.data.priorities.map((priority) => priority.name));
    expect(options.priorities.find((priority) => priority.isDefault)?.name).toBe('Priority 3 - Normal Response');
    expect(options.priorities.map((priority) => priority.level)).toEqual(['Critical', 'High', 'Medium', 'Low']);
    expect(options.sources.map((source) => source.name).sort()).toEqual(['Email', 'Monitoring', 'Phone', 'Portal']);
    expect(options.maxDueDays).toBe(365);
    const routes = bed.sim.requests.slice(before).map((request) => request.route);
    expect(routes).toEqual(expect.arrayContaining(['service/priorities', 'service/sources']));
  });

  it('saves the switch and an alert’s priority, source and due days, keeping the names ConnectWise gave them, and audits both', async () => {
    const { token, email } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const options = await ticketOptions(bed.t, token);
    await enableTicketing(bed.t, token, [
      { alertType: 'USER_LOCKOUT', priorityId: options.priority('Quick Response'), sourceId: options.source('Monitoring'), dueDays: 3 },
    ]);

    const view = await settings(token);
    expect(view.automatedTicketing).toBe(true);
    expect(view.updatedBy?.email).toBe(email);
    expect(view.alerts.find((alert) => alert.alert.id === 'USER_LOCKOUT')).toMatchObject({
      createTickets: true,
      priority: { id: options.priority('Quick Response'), name: 'Priority 2 - Quick Response' },
      source: { id: options.source('Monitoring'), name: 'Monitoring' },
      dueDays: 3,
    });
    expect(view.alerts.filter((alert) => alert.createTickets)).toHaveLength(1);

    // Editing one alert again replaces its setting; None is a null priority.
    const edited = await bed.t.graphql(SAVE_SETTINGS, { s: [{ alertType: 'USER_LOCKOUT', createTickets: false, priorityId: null, sourceId: null, dueDays: 0 }] }, token);
    expect(edited.errors).toBeUndefined();
    expect((await settings(token)).alerts.find((alert) => alert.alert.id === 'USER_LOCKOUT')).toMatchObject({ createTickets: false, priority: null, source: null, dueDays: 0 });

    const audit = await bed.t.graphql<{ auditLog: { nodes: { action: string }[] } }>('{ auditLog(first: 5) { nodes { action } } }', {}, token);
    expect(audit.data!.auditLog.nodes.map((entry) => entry.action).slice(0, 3)).toEqual([
      'ticketing.alert-settings-saved',
      'ticketing.alert-settings-saved',
      'ticketing.automated-ticketing-set',
    ]);
  });

  it('refuses unknown priority and source ids and due days out of 0–365 with the field named, saving nothing', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const options = await ticketOptions(bed.t, token);
    const save = (setting: Record<string, unknown>) =>
      bed.t.graphql(SAVE_SETTINGS, { s: [{ alertType: 'USER_LOCKOUT', createTickets: true, priorityId: null, sourceId: null, dueDays: 1, ...setting }] }, token);

    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ priorityId: 999_999 }, 'priorityId', /ConnectWise has no priority 999999 \(User Lockout\)/],
      [{ sourceId: 888_888 }, 'sourceId', /ConnectWise has no source 888888/],
      [{ dueDays: 366 }, 'dueDays', /from 0 to 365/],
      [{ dueDays: -1 }, 'dueDays', /from 0 to 365/],
    ];
    for (const [setting, field, message] of cases) {
      const result = await save({ sourceId: options.source('Email'), ...setting });
      expect(errorCode(result), JSON.stringify(setting)).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.message).toMatch(message);
      expect(result.errors![0]!.extensions).toMatchObject({ field, alertType: 'USER_LOCKOUT' });
    }
    const both = await bed.t.graphql(
      SAVE_SETTINGS,
      { s: [
        { alertType: 'USER_LOCKOUT', createTickets: true, priorityId: null, sourceId: options.source('Email'), dueDays: 1 },
        { alertType: 'USER_PASSWORD_EXPIRED', createTickets: true, priorityId: 424_242, sourceId: null, dueDays: 1 },
      ] },
      token,
    );
    expect(both.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'priorityId', alertType: 'USER_PASSWORD_EXPIRED', unknownId: 424_242 });
    const twice = await bed.t.graphql(SAVE_SETTINGS, { s: [{ alertType: 'USER_LOCKOUT', createTickets: true, dueDays: 1 }, { alertType: 'USER_LOCKOUT', createTickets: false, dueDays: 1 }] }, token);
    expect(errorCode(twice)).toBe('BAD_USER_INPUT');
    expect((await settings(token)).alerts.every((alert) => !alert.createTickets)).toBe(true);
  });

  it('needs a connected integration to change settings or read options', async () => {
    const { token } = await bed.t.createAdmin();
    expect(errorCode(await bed.t.graphql('mutation { setAutomatedTicketing(enabled: true) { automatedTicketing } }', {}, token))).toBe('INTEGRATION_NOT_CONFIGURED');
    expect(errorCode(await bed.t.graphql('{ alertTicketOptions { maxDueDays } }', {}, token))).toBe('INTEGRATION_NOT_CONFIGURED');
    expect(errorCode(await bed.t.graphql(SAVE_SETTINGS, { s: [{ alertType: 'USER_LOCKOUT', createTickets: true, dueDays: 1 }] }, token))).toBe('INTEGRATION_NOT_CONFIGURED');
  });

  it('is Billing-only: an admin without the Billing role gets FORBIDDEN', async () => {
    const billing = await bed.t.createAdmin();
    await connectToSimulator(bed, billing.token);
    const { token } = await bed.t.createAdmin({ roles: [Role.ADMIN] });
    for (const operation of [
      '{ alertCatalogue { id } }',
      '{ ticketingSettings { automatedTicketing } }',
      '{ alertTicketOptions { maxDueDays } }',
      'mutation { setAutomatedTicketing(enabled: true) { automatedTicketing } }',
      'mutation { saveAlertSettings(settings: [{ alertType: USER_LOCKOUT, createTickets: true, dueDays: 1 }]) { automatedTicketing } }',
    ]) {
      expect(errorCode(await bed.t.graphql(operation, {}, token)), operation).toBe('FORBIDDEN');
    }
  });

  it('keeps each provider’s settings to itself', async () => {
    const a = await bed.t.createAdmin();
    const b = await bed.t.createAdmin();
    await connectToSimulator(bed, a.token);
    await enableTicketing(bed.t, a.token, [{ alertType: 'USER_PASSWORD_EXPIRED', dueDays: 9 }]);
    const other = await settings(b.token);
    expect(other.automatedTicketing).toBe(false);
    expect(other.alerts.find((alert) => alert.alert.id === 'USER_PASSWORD_EXPIRED')).toMatchObject({ createTickets: false, dueDays: 1 });
  });
});

describe('ticket routing per alert type', () => {
  const ROUTING = `{ ticketingSettings { alerts { alert { id } recurrence recurrenceWindowHours closeOnResolve resolvable
    board { id name } status { id name } type { id name } subType { id name } item { id name } closedStatus { id name } } } }`;

  async function board(token: string, name: string) {
    const options = await bed.t.graphql<{ alertTicketOptions: { boards: { id: number; name: string }[] } }>('{ alertTicketOptions { boards { id name } } }', {}, token);
    const found = options.data!.alertTicketOptions.boards.find((candidate) => candidate.name === name)!;
    const result = await bed.t.graphql<{ serviceBoardOptions: { statuses: { id: number; name: string; closed: boolean }[]; types: { id: number; name: string }[]; subTypes: { id: number; name: string }[]; items: { id: number; name: string }[] } }>(
      'query($b: Int!) { serviceBoardOptions(boardId: $b) { statuses { id name closed } types { id name } subTypes { id name } items { id name } } }',
      { b: found.id },
      token,
    );
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return { id: found.id, ...result.data!.serviceBoardOptions, boards: options.data!.alertTicketOptions.boards };
  }

  const base = { alertType: 'USER_LOCKOUT', createTickets: true, priorityId: null, sourceId: null, dueDays: 1 };

  it("offers the instance's active boards and, per board, its open and closed statuses, types, subtypes and items", async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const security = await board(token, 'Security Alerts');
    expect(security.boards.map((candidate) => candidate.name)).not.toContain('Old Projects');
    expect(security.statuses.filter((status) => status.closed).map((status) => status.name)).toEqual(expect.arrayContaining(['Resolved - Auto', 'Closed']));
    expect(security.statuses.some((status) => !status.closed)).toBe(true);
    expect(security.types.length).toBeGreaterThan(0);
    const unknown = await bed.t.graphql('{ serviceBoardOptions(boardId: 999999) { boardId } }', {}, token);
    expect(errorCode(unknown)).toBe('NOT_FOUND');
  });

  it('saves board, status, type, subtype, item, policy, window and close-on-resolve, with the names ConnectWise gives them', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const security = await board(token, 'Security Alerts');
    const open = security.statuses.find((status) => !status.closed)!;
    const closed = security.statuses.find((status) => status.closed)!;
    const input = {
      ...base,
      recurrence: 'NOTE_ON_OPEN_TICKET',
      recurrenceWindowHours: 48,
      closeOnResolve: true,
      boardId: security.id,
      statusId: open.id,
      typeId: security.types[0]!.id,
      subTypeId: security.subTypes[0]?.id ?? null,
      itemId: security.items[0]?.id ?? null,
      closedStatusId: closed.id,
    };
    const saved = await bed.t.graphql(SAVE_SETTINGS, { s: [input] }, token);
    expect(saved.errors).toBeUndefined();
    const view = await bed.t.graphql<{ ticketingSettings: { alerts: Record<string, unknown>[] } }>(ROUTING, {}, token);
    const lockout = view.data!.ticketingSettings.alerts.find((alert) => (alert.alert as { id: string }).id === 'USER_LOCKOUT')!;
    expect(lockout).toMatchObject({
      recurrence: 'NOTE_ON_OPEN_TICKET',
      recurrenceWindowHours: 48,
      closeOnResolve: true,
      resolvable: true,
      board: { id: security.id, name: 'Security Alerts' },
      status: { id: open.id, name: open.name },
      type: { id: security.types[0]!.id, name: security.types[0]!.name },
      closedStatus: { id: closed.id, name: closed.name },
    });
    const disk = view.data!.ticketingSettings.alerts.find((alert) => (alert.alert as { id: string }).id === 'DISK_ENCRYPTION_KEY_DECRYPTED')!;
    expect(disk.resolvable).toBe(false);

    // An older script that sends only the first fields keeps the routing as saved.
    await bed.t.graphql(SAVE_SETTINGS, { s: [{ ...base, dueDays: 2 }] }, token);
    const again = await bed.t.graphql<{ ticketingSettings: { alerts: Record<string, unknown>[] } }>(ROUTING, {}, token);
    expect(again.data!.ticketingSettings.alerts.find((alert) => (alert.alert as { id: string }).id === 'USER_LOCKOUT')).toMatchObject({
      board: { id: security.id },
      closeOnResolve: true,
      recurrenceWindowHours: 48,
    });
  });

  it('refuses ids the board does not have, a closed status for new tickets, an open one for resolutions, and routing without a board, naming the field', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const security = await board(token, 'Security Alerts');
    const desk = await board(token, 'Service Desk');
    const open = security.statuses.find((status) => !status.closed)!;
    const closed = security.statuses.find((status) => status.closed)!;
    const cases: [Record<string, unknown>, string][] = [
      [{ boardId: 999_999 }, 'boardId'],
      [{ boardId: security.id, statusId: closed.id }, 'statusId'],
      [{ boardId: security.id, closedStatusId: open.id }, 'closedStatusId'],
      [{ boardId: security.id, typeId: desk.types.find((type) => !security.types.some((own) => own.id === type.id))?.id ?? 999_999 }, 'typeId'],
      [{ boardId: security.id, itemId: 999_999 }, 'itemId'],
      [{ boardId: null, statusId: open.id }, 'statusId'],
      [{ recurrenceWindowHours: 0 }, 'recurrenceWindowHours'],
      [{ recurrenceWindowHours: 721 }, 'recurrenceWindowHours'],
    ];
    for (const [values, field] of cases) {
      const result = await bed.t.graphql(SAVE_SETTINGS, { s: [{ ...base, ...values }] }, token);
      expect(errorCode(result), JSON.stringify(values)).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.extensions).toMatchObject({ field, alertType: 'USER_LOCKOUT' });
    }
    // Nothing was saved by the refusals.
    const view = await bed.t.graphql<{ ticketingSettings: { alerts: { alert: { id: string }; board: unknown }[] } }>(ROUTING, {}, token);
    expect(view.data!.ticketingSettings.alerts.every((alert) => alert.board === null)).toBe(true);
  });
});
