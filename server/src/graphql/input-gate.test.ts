import type { ExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { MAX_VARIABLES_DEPTH } from './limits.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

/** A raw POST, for the status t.graphql does not show. */
async function post(body: unknown, token?: string) {
  const response = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, result: (await response.json()) as ExecutionResult };
}

/** `levels` arrays, one inside the other, as JSON text: JSON.stringify cannot write them itself. */
const nestedArrays = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
/** `levels` objects, one inside the other, as JSON text. */
const nestedObjects = (levels: number) => '{"a":'.repeat(levels - 1) + '{}' + '}'.repeat(levels - 1);

const UPSERT = 'mutation($o: [OrganizationInput!]!) { upsertOrganizations(organizations: $o) { id } }';
const ALERTS = 'mutation($a: [AlertInput!]!) { reportAlerts(alerts: $a) { accepted } }';

async function organizationOf(token: string): Promise<string> {
  const upserted = await t.graphql<{ upsertOrganizations: { id: string }[] }>(UPSERT, { o: [{ externalId: 'gate-1', name: 'Gate Org', costPerSeat: 1 }] }, token);
  return upserted.data!.upsertOrganizations[0]!.id;
}

const alertText = (organizationId: string, details: string) =>
  `{"externalEventId":"gate-alert","alertType":"USER_LOCKOUT","organizationId":"${organizationId}","occurredAt":"${new Date(Date.now() - 60_000).toISOString()}","subject":"jdoe@acme.test","details":${details}}`;

describe('variables with many errors', () => {
  it('answers 60 invalid alerts with BAD_USER_INPUT on every error, including graphql’s "too many errors", and stores nothing', async () => {
    const admin = await t.createAdmin();
    const organizationId = await organizationOf(admin.token);
    const { status, result } = await post({ query: ALERTS, variables: { a: Array.from({ length: 60 }, () => ({ organizationId, subject: 'x' })) } }, admin.token);
    expect(status).toBe(400);
    expect(result.errors!.length).toBeGreaterThan(50);
    expect(result.errors!.map((error) => error.extensions?.code)).toEqual(result.errors!.map(() => 'BAD_USER_INPUT'));
    expect(result.errors!.at(-1)!.message).toMatch(/Too many errors processing variables/);
    const events = await t.graphql<{ alertEvents: { totalCount: number } }>('{ alertEvents { totalCount } }', {}, admin.token);
    expect(events.data?.alertEvents.totalCount).toBe(0);
  });
});

describe('nesting depth of variables', () => {
  it('answers 300,000 levels of arrays, without a token, with 400 BAD_USER_INPUT naming the path and the limit', async () => {
    const { status, result } = await post(`{"query":"{ __typename }","variables":{"x":${nestedArrays(300_000)}}}`);
    expect(status).toBe(400);
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: MAX_VARIABLES_DEPTH });
    expect(result.errors![0]!.extensions!.field).toMatch(/^variables\.x(\[0\])+$/);
    expect(result.errors![0]!.message).toMatch(/nested more than 64 levels/);
  });

  it('refuses an alert whose details are 5,000 objects deep, and stores nothing', async () => {
    const admin = await t.createAdmin();
    const organizationId = await organizationOf(admin.token);
    const { status, result } = await post(`{"query":"${ALERTS}","variables":{"a":[${alertText(organizationId, nestedObjects(5_000))}]}}`, admin.token);
    expect(status).toBe(400);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: MAX_VARIABLES_DEPTH });
    expect(result.errors![0]!.extensions!.field).toMatch(/^variables\.a\[0\]\.details(\.a)+$/);
    const events = await t.graphql<{ alertEvents: { totalCount: number } }>('{ alertEvents { totalCount } }', {}, admin.token);
    expect(events.data?.alertEvents.totalCount).toBe(0);
  });

  it(`stores an alert whose details are nested as deep as the limit allows (${MAX_VARIABLES_DEPTH} levels below variables)`, async () => {
    const admin = await t.createAdmin();
    const organizationId = await organizationOf(admin.token);
    // variables.a (1) → a[0] (2) → details (3) → … : details may hold MAX - 3 more levels.
    const { status, result } = await post(
      `{"query":"${ALERTS}","variables":{"a":[${alertText(organizationId, nestedObjects(MAX_VARIABLES_DEPTH - 2))}]}}`,
      admin.token,
    );
    expect(result).toEqual({ data: { reportAlerts: { accepted: 1 } } });
    expect(status).toBe(200);
    // One level more is refused.
    const deeper = await post(`{"query":"${ALERTS}","variables":{"a":[${alertText(organizationId, nestedObjects(MAX_VARIABLES_DEPTH - 1))}]}}`, admin.token);
    expect(deeper.result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: MAX_VARIABLES_DEPTH });
  });
});

describe('nesting depth of values written in the document', () => {
  it(`refuses an inline details literal nested deeper than ${MAX_VARIABLES_DEPTH} levels, and stores nothing`, async () => {
    const admin = await t.createAdmin();
    const organizationId = await organizationOf(admin.token);
    const details = '{ a: '.repeat(MAX_VARIABLES_DEPTH) + '{}' + ' }'.repeat(MAX_VARIABLES_DEPTH);
    const query = `mutation { reportAlerts(alerts: [{ externalEventId: "inline-deep", alertType: USER_LOCKOUT, organizationId: "${organizationId}",
      occurredAt: "${new Date(Date.now() - 60_000).toISOString()}", subject: "jdoe@acme.test", details: ${details} }]) { accepted } }`;
    const { status, result } = await post({ query }, admin.token);
    expect(status).toBe(400);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'the document', limit: MAX_VARIABLES_DEPTH });
    const events = await t.graphql<{ alertEvents: { totalCount: number } }>('{ alertEvents { totalCount } }', {}, admin.token);
    expect(events.data?.alertEvents.totalCount).toBe(0);
  });
});

describe('text rules in JSON keys', () => {
  const cases: [string, string][] = [
    ['a NUL character', 'bad\u0000key'],
    ['an unpaired surrogate', 'bad\ud800key'],
  ];
  for (const [what, key] of cases) {
    it(`refuses ${what} in a key of an alert's details with BAD_USER_INPUT, and stores nothing`, async () => {
      const admin = await t.createAdmin();
      const organizationId = await organizationOf(admin.token);
      const { status, result } = await post(
        `{"query":"${ALERTS}","variables":{"a":[${alertText(organizationId, JSON.stringify({ [key]: 'value' }))}]}}`,
        admin.token,
      );
      expect(status).toBe(400);
      expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'variables.a[0].details' });
      expect(result.errors![0]!.message).toMatch(/a key in variables\.a\[0\]\.details contains a NUL character or broken Unicode/);
      const events = await t.graphql<{ alertEvents: { totalCount: number } }>('{ alertEvents { totalCount } }', {}, admin.token);
      expect(events.data?.alertEvents.totalCount).toBe(0);
    });
  }
});

describe('a subscription POSTed over HTTP', () => {
  it('is refused with 400 BAD_REQUEST, pointing at graphql-ws on the same endpoint', async () => {
    const admin = await t.createAdmin();
    const { status, result } = await post({ query: 'subscription { syncRunUpdated { run { id } } }' }, admin.token);
    expect(status).toBe(400);
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.extensions?.code).toBe('BAD_REQUEST');
    expect(result.errors![0]!.message).toMatch(/graphql-ws.*\/graphql/);
  });
});
