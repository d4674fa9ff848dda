import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';

const VIEWER = 'query Who { viewer { id } }';
const TIME = 'subscription Tick { serverTime }';
const idOf = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const documentsFile = path.join(mkdtempSync(path.join(tmpdir(), 'trusted-')), 'persisted-documents.json');
writeFileSync(documentsFile, JSON.stringify({ [idOf(VIEWER)]: VIEWER, [idOf(TIME)]: TIME }));

let enforcing: TestApp;
let open: TestApp;
beforeAll(async () => {
  enforcing = await startTestApp({ trustedDocumentsForBrowserSessions: true, trustedDocumentsFile: documentsFile });
  open = await startTestApp({ trustedDocumentsFile: documentsFile });
});
afterAll(async () => {
  await enforcing.stop();
  await open.stop();
});

async function post(t: TestApp, body: Record<string, unknown>, token: string) {
  const response = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const result = (await response.json()) as { data?: { viewer?: { id: string } }; errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, viewerId: result.data?.viewer?.id, codes: result.errors?.map((error) => error.extensions?.code) };
}

/** An admin's API token, and a browser session started with it, as the admin app signs in. */
async function signIn(t: TestApp) {
  const admin = await t.createAdmin();
  const started = await t.graphql<{ startBrowserSession: { token: string; apiToken: { kind: string } } }>(
    'mutation { startBrowserSession { token apiToken { kind } } }',
    {},
    admin.token,
  );
  expect(started.data?.startBrowserSession.apiToken.kind).toBe('BROWSER_SESSION');
  return { ...admin, session: started.data!.startBrowserSession.token };
}

describe('trusted documents for browser sessions (enforced)', () => {
  it("runs the admin app's documents named by id, in the GraphQL-over-HTTP and the APQ shape", async () => {
    const { adminId, session } = await signIn(enforcing);
    expect(await post(enforcing, { documentId: idOf(VIEWER) }, session)).toEqual({ status: 200, viewerId: adminId, codes: undefined });
    const apq = { operationName: 'Who', extensions: { persistedQuery: { version: 1, sha256Hash: idOf(VIEWER).slice('sha256:'.length) } } };
    expect(await post(enforcing, apq, session)).toEqual({ status: 200, viewerId: adminId, codes: undefined });
  });

  it('refuses a document sent as text from a browser session with 403 PERSISTED_DOCUMENT_REQUIRED, even one the app has', async () => {
    const { session } = await signIn(enforcing);
    expect(await post(enforcing, { query: VIEWER }, session)).toEqual({ status: 403, viewerId: undefined, codes: ['PERSISTED_DOCUMENT_REQUIRED'] });
    expect(await post(enforcing, { query: 'mutation { syncNow { id } }' }, session)).toMatchObject({ status: 403, codes: ['PERSISTED_DOCUMENT_REQUIRED'] });
  });

  it('keeps full access for API tokens: any text, and ids too', async () => {
    const { adminId, token } = await signIn(enforcing);
    expect(await post(enforcing, { query: '{ viewer { id email } }' }, token)).toEqual({ status: 200, viewerId: adminId, codes: undefined });
    expect(await post(enforcing, { documentId: idOf(VIEWER) }, token)).toEqual({ status: 200, viewerId: adminId, codes: undefined });
  });

  it('refuses an unknown id with 400 PERSISTED_DOCUMENT_NOT_FOUND, and an id sent with text with 400 BAD_REQUEST', async () => {
    const { token } = await signIn(enforcing);
    expect(await post(enforcing, { documentId: idOf('{ apiTokens { id } }') }, token)).toEqual({ status: 400, viewerId: undefined, codes: ['PERSISTED_DOCUMENT_NOT_FOUND'] });
    expect(await post(enforcing, { documentId: idOf(VIEWER), query: '{ apiTokens { id } }' }, token)).toMatchObject({ status: 400, codes: ['BAD_REQUEST'] });
  });

  it('applies the same rule to subscriptions over the websocket', async () => {
    const { session } = await signIn(enforcing);
    const client = createClient({ url: enforcing.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${session}` }, retryAttempts: 0 });
    const first = (payload: { query: string; extensions?: Record<string, unknown> }) =>
      new Promise<unknown>((resolve) => {
        const dispose = client.subscribe(payload, {
          next: (value) => {
            dispose();
            resolve(value.data);
          },
          error: (errors) => resolve((errors as { extensions?: { code?: string } }[]).map((error) => error.extensions?.code)),
          complete: () => undefined,
        });
      });
    try {
      expect(await first({ query: TIME })).toEqual(['PERSISTED_DOCUMENT_REQUIRED']);
      const byId = { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: idOf(TIME).slice('sha256:'.length) } } };
      expect(await first(byId)).toEqual({ serverTime: expect.any(String) });
      expect(await first({ query: '', extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } })).toEqual(['PERSISTED_DOCUMENT_NOT_FOUND']);
    } finally {
      await client.dispose();
    }
  });
});

describe('browser sessions', () => {
  it('run any document while the operator has not turned enforcement on', async () => {
    const { adminId, session } = await signIn(open);
    expect(await post(open, { query: VIEWER }, session)).toEqual({ status: 200, viewerId: adminId, codes: undefined });
  });

  it('expire after 12 hours unused, while an API token unused as long keeps working', async () => {
    const { adminId, token, session } = await signIn(open);
    await post(open, { query: VIEWER }, token);
    const longAgo = new Date(Date.now() - 13 * 60 * 60 * 1000);
    await open.app.orm.em.fork().getConnection().execute('update api_tokens set created_at = ?, last_used_at = ? where admin_id = ?', [longAgo, longAgo, adminId]);
    const expired = await open.graphql('{ viewer { id } }', {}, session);
    expect(expired.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await post(open, { query: VIEWER }, token)).toEqual({ status: 200, viewerId: adminId, codes: undefined });
  });

  it('end at sign-out: the session token stops working, the API token it was started with does not', async () => {
    const { adminId, token, session } = await signIn(open);
    const ended = await open.graphql<{ endBrowserSession: boolean }>('mutation { endBrowserSession }', {}, session);
    expect(ended.data?.endBrowserSession).toBe(true);
    expect(await post(open, { query: VIEWER }, session)).toMatchObject({ codes: ['UNAUTHENTICATED'] });
    const notASession = await open.graphql<{ endBrowserSession: boolean }>('mutation { endBrowserSession }', {}, token);
    expect(notASession.data?.endBrowserSession).toBe(false);
    expect(await post(open, { query: VIEWER }, token)).toEqual({ status: 200, viewerId: adminId, codes: undefined });
  });
});
