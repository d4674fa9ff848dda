import { randomBytes } from 'node:crypto';
import type { ConnectWiseTestBed } from './connectwise-app.js';
import type { TestApp } from './test-app.js';

/*
 * Builders for the ticketing tests: organizations, mappings to the simulator's companies, settings
 * and alerts, all through the GraphQL API as an admin or a script would do it.
 */

export type GraphQLResult = { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };
export const errorCode = (result: GraphQLResult) => result.errors?.[0]?.extensions?.code;

export const EVENT_FIELDS = `id externalEventId kind alertType status notTicketedReason error attempts nextAttemptAt ticketId ticketCompanyId
  ticketedAt externalXRef subject occurredAt details source organization { id name } alert { name } noteId incident { id }`;

export interface AlertEventView {
  id: string;
  externalEventId: string;
  alertType: string;
  status: string;
  notTicketedReason: string | null;
  error: string | null;
  attempts: number;
  nextAttemptAt: string | null;
  ticketId: number | null;
  ticketCompanyId: number | null;
  ticketedAt: string | null;
  externalXRef: string;
  subject: string;
  occurredAt: string;
  details: Record<string, unknown>;
  source: string;
  organization: { id: string; name: string };
  alert: { name: string };
  kind: string;
  noteId: number | null;
  incident: { id: string } | null;
}

export interface Org {
  id: string;
  externalId: string;
  name: string;
}

export async function createOrganizations(t: TestApp, token: string, names: string[]): Promise<Org[]> {
  const stamp = randomBytes(3).toString('hex');
  const result = await t.graphql<{ upsertOrganizations: Org[] }>(
    'mutation($o: [OrganizationInput!]!) { upsertOrganizations(organizations: $o) { id externalId name } }',
    { o: names.map((name, i) => ({ externalId: `jc-${stamp}-${i}`, name })) },
    token,
  );
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.upsertOrganizations;
}

/** Additions handed out in this test file, so each mapping gets a fresh one. */
const usedAdditions = new Set<number>();

/** Maps the organization (through saveMappings) to a simulator company with a free addition; returns the company id. */
export async function mapOrganization({ sim, t }: ConnectWiseTestBed, token: string, organizationId: string): Promise<number> {
  const live = new Set(sim.data.agreements.filter((agreement) => !agreement.cancelledFlag).map((agreement) => agreement.id));
  const addition = sim.data.additions.find((candidate) => !candidate.cancelledDate && live.has(candidate.agreementId) && !usedAdditions.has(candidate.id));
  if (!addition) throw new Error('the simulator has no free addition left');
  usedAdditions.add(addition.id);
  const agreement = sim.data.agreements.find((candidate) => candidate.id === addition.agreementId)!;
  const saved = await t.graphql(
    'mutation($m: [MappingInput!]!) { saveMappings(mappings: $m) { id } }',
    { m: [{ organizationId, companyId: agreement.company.id, agreementId: agreement.id, additionId: addition.id }] },
    token,
  );
  if (saved.errors) throw new Error(JSON.stringify(saved.errors));
  return agreement.company.id;
}

export interface AlertSettingValues {
  alertType: string;
  createTickets?: boolean;
  priorityId?: number | null;
  sourceId?: number | null;
  dueDays?: number;
  recurrence?: 'ONE_TICKET_PER_EVENT' | 'NOTE_ON_OPEN_TICKET';
  recurrenceWindowHours?: number;
  closeOnResolve?: boolean;
  boardId?: number | null;
  statusId?: number | null;
  typeId?: number | null;
  subTypeId?: number | null;
  itemId?: number | null;
  closedStatusId?: number | null;
}

export const SAVE_SETTINGS = `mutation($s: [AlertSettingInput!]!) { saveAlertSettings(settings: $s) {
  automatedTicketing alerts { alert { id } createTickets priority { id name } source { id name } dueDays recurrence } } }`;

/**
 * Automated ticketing on, and the alert types' settings saved (tickets on unless said otherwise). The
 * recurrence is ONE_TICKET_PER_EVENT unless said otherwise: most tests follow one event's ticket, with
 * events of one subject (incidents have their own tests, incidents.test.ts).
 */
export async function enableTicketing(t: TestApp, token: string, settings: AlertSettingValues[]): Promise<void> {
  const on = await t.graphql('mutation { setAutomatedTicketing(enabled: true) { automatedTicketing } }', {}, token);
  if (on.errors) throw new Error(JSON.stringify(on.errors));
  const saved = await t.graphql(
    SAVE_SETTINGS,
    { s: settings.map((setting) => ({ createTickets: true, priorityId: null, sourceId: null, dueDays: 1, recurrence: 'ONE_TICKET_PER_EVENT', ...setting })) },
    token,
  );
  if (saved.errors) throw new Error(JSON.stringify(saved.errors));
}

export interface AlertValues {
  externalEventId?: string;
  alertType?: string;
  kind?: 'ALERT' | 'RESOLUTION';
  organizationId?: string;
  externalOrgId?: string;
  occurredAt?: string;
  subject?: string;
  details?: Record<string, unknown>;
}

export const REPORT = `mutation($a: [AlertInput!]!) { reportAlerts(alerts: $a) { accepted duplicates events { ${EVENT_FIELDS} } } }`;

export function alert(values: AlertValues): AlertValues {
  return {
    externalEventId: `di-${randomBytes(6).toString('hex')}`,
    alertType: 'USER_LOCKOUT',
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    subject: 'jdoe@acme.com',
    details: { reason: 'too many failed attempts' },
    ...values,
  };
}

export type ReportResult = GraphQLResult & { data?: { reportAlerts: { accepted: number; duplicates: number; events: AlertEventView[] } } | null };

export function report(t: TestApp, token: string, alerts: AlertValues[]): Promise<ReportResult> {
  return t.graphql(REPORT, { a: alerts }, token) as Promise<ReportResult>;
}

export async function reportOne(t: TestApp, token: string, values: AlertValues): Promise<AlertEventView> {
  const result = await report(t, token, [alert(values)]);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.reportAlerts.events[0]!;
}

export async function alertEvent(t: TestApp, token: string, id: string): Promise<AlertEventView> {
  const result = await t.graphql<{ alertEvent: AlertEventView }>(`query($id: ID!) { alertEvent(id: $id) { ${EVENT_FIELDS} } }`, { id }, token);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.alertEvent;
}

export async function waitFor<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Polls the event until its status is one of `statuses`. */
export function eventWithStatus(t: TestApp, token: string, id: string, ...statuses: string[]): Promise<AlertEventView> {
  return waitFor(async () => {
    const event = await alertEvent(t, token, id);
    return statuses.includes(event.status) ? event : undefined;
  }, `event ${id} to be ${statuses.join(' or ')}`);
}

/** Priority / source ids by the names the simulator's instance uses. */
export async function ticketOptions(t: TestApp, token: string): Promise<{ priority(name: string): number; source(name: string): number }> {
  const result = await t.graphql<{ alertTicketOptions: { priorities: { id: number; name: string }[]; sources: { id: number; name: string }[] } }>(
    '{ alertTicketOptions { priorities { id name isDefault } sources { id name isDefault } maxDueDays } }',
    {},
    token,
  );
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  const { priorities, sources } = result.data!.alertTicketOptions;
  return {
    priority: (name) => priorities.find((priority) => priority.name.includes(name))!.id,
    source: (name) => sources.find((source) => source.name === name)!.id,
  };
}
