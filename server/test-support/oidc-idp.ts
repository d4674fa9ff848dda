import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Provider, type Configuration } from 'oidc-provider';

/**
 * A real OpenID Connect provider for the tests and the e2e world: `oidc-provider` (OpenID Certified), on
 * loopback http, with one confidential client and a one-field sign-in page of ours in place of a
 * password prompt. Its protocol side (discovery, PKCE, ID tokens, userinfo) is the package's own.
 */

export interface TestIdentity {
  sub: string;
  email: string;
  /** Default true; false to play an identity provider that says the address is unverified. */
  emailVerified?: boolean;
  name?: string;
}

export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who can sign in, by email; add or change people at any time. */
  people: Map<string, TestIdentity>;
  addPerson(email: string, identity?: Partial<TestIdentity>): TestIdentity;
  stop(): Promise<void>;
}

export interface TestIdentityProviderOptions {
  /** The highwater callbacks (…/auth/sso/callback) the client may redirect to. */
  redirectUris: string[];
  port?: number;
  clientId?: string;
  clientSecret?: string;
}

export async function startTestIdentityProvider(options: TestIdentityProviderOptions): Promise<TestIdentityProvider> {
  const people = new Map<string, TestIdentity>();
  const clientId = options.clientId ?? 'highwater-test';
  const clientSecret = options.clientSecret ?? `secret-${randomUUID()}`;
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const bySubject = (sub: string) => [...people.values()].find((person) => person.sub === sub);
  const configuration: Configuration = {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: options.redirectUris, grant_types: ['authorization_code'], response_types: ['code'] }],
    jwks: { keys: [{ ...signingKey, kid: 'test-signing-key', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomUUID()] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    async findAccount(_ctx, sub) {
      const person = bySubject(sub);
      if (!person) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, email: person.email, email_verified: person.emailVerified ?? true, name: person.name ?? person.email }),
      };
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = `<!doctype html><title>Identity provider error</title><h1>Identity provider error</h1><pre>${escapeHtml(JSON.stringify(out))}</pre>`;
    },
  };
  const provider = new Provider(issuer, configuration);
  // Its logs go to the test's output only when something is worth reading.
  provider.on('server_error', (_ctx, error) => console.error('test identity provider:', error));
  const callback = provider.callback();

  server.on('request', (req, res) => {
    const match = /^\/interaction\/([\w-]+)(\/login|\/cancel)?$/.exec(new URL(req.url ?? '/', issuer).pathname);
    if (!match) return void callback(req, res);
    interaction(req, res, match[2]).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });

  async function interaction(req: IncomingMessage, res: ServerResponse, action: string | undefined) {
    const details = await provider.interactionDetails(req, res);
    if (action === '/cancel') {
      return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The person cancelled the sign-in.' }, { mergeWithLastSubmission: false });
    }
    if (action !== '/login' || req.method !== 'POST') {
      const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : '';
      return sendHtml(res, signInPage(details.uid, hint));
    }
    const email = new URLSearchParams(await readBody(req)).get('email')?.trim().toLowerCase() ?? '';
    const person = people.get(email);
    if (!person) return sendHtml(res, signInPage(details.uid, email, `No account ${email} at this identity provider.`));
    const grant = new provider.Grant({ accountId: person.sub, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { login: { accountId: person.sub }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }

  return {
    issuer,
    clientId,
    clientSecret,
    people,
    addPerson(email, identity = {}) {
      const person: TestIdentity = { sub: identity.sub ?? randomUUID(), email, ...identity };
      people.set(email.toLowerCase(), person);
      return person;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function signInPage(uid: string, email: string, problem?: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head><body>
<main><h1>Test identity provider</h1>
${problem ? `<p role="alert">${escapeHtml(problem)}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<label for="email">Email</label> <input id="email" name="email" type="email" value="${escapeHtml(email)}" autocomplete="username">
<button type="submit">Continue</button>
</form>
<form method="post" action="/interaction/${uid}/cancel"><button type="submit">Cancel</button></form>
</main></body></html>`;
}

function sendHtml(res: ServerResponse, html: string): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
