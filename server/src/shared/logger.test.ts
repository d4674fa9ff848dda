import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openOrm } from '../db/orm.js';
import { Provider } from '../features/auth/provider.entity.js';
import { ConnectWiseIntegration } from '../features/integration/integration.entity.js';
import { createLogger, SEALED_VALUE } from './logger.js';
import { SecretBox } from './secret-box.js';

/** A trace-level logger writing into `lines`, one parsed object per log line. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger('trace', sink), lines, text: () => lines.map((line) => JSON.stringify(line)).join('\n') };
}

const box = new SecretBox([randomBytes(32)]);
const capture = capturingLogger();
let orm: MikroORM;

beforeAll(async () => {
  orm = await openOrm({ databaseUrl: inject('databaseUrl'), maxConnections: 2, logger: capture.logger });
});
afterAll(async () => {
  await orm?.close(true);
});

/** A provider with a ConnectWise integration whose keys are sealed; returns what the row holds. */
async function integrationRow() {
  const suffix = randomBytes(4).toString('hex');
  const em = orm.em.fork();
  const provider = em.create(Provider, { name: `Log Provider ${suffix}` });
  await em.flush();
  return {
    provider,
    row: {
      site: `user-data-${suffix}.example.test`,
      companyId: `UserDataCompany${suffix}`,
      codebase: 'v2025_1/',
      publicKeySealed: box.seal(`public-${suffix}`),
      privateKeySealed: box.seal(`private-${suffix}`),
      publicKeyLast4: suffix.slice(-4),
    },
  };
}

/** A second integration for the same provider: a real unique violation carrying the sealed keys. */
async function failedInsert(): Promise<{ error: Error; row: Awaited<ReturnType<typeof integrationRow>>['row']; providerId: string }> {
  const { provider, row } = await integrationRow();
  const first = orm.em.fork();
  first.create(ConnectWiseIntegration, { ...row, provider: first.getReference(Provider, provider.id) });
  await first.flush();
  const second = orm.em.fork();
  second.create(ConnectWiseIntegration, { ...row, provider: second.getReference(Provider, provider.id) });
  const error = await second.flush().then(
    () => undefined,
    (caught: unknown) => caught as Error,
  );
  if (!error) throw new Error('the duplicate insert succeeded');
  // What used to reach the log: the statement with every value, and the row in `detail`.
  expect(error.message).toContain(row.privateKeySealed);
  return { error, row, providerId: provider.id };
}

describe('logs are safe by construction', () => {
  it('logs a failed INSERT of sealed keys by class, SQLSTATE and constraint, without the statement, its values or the keys', async () => {
    const { error, row, providerId } = await failedInsert();
    const start = capture.lines.length;
    // As the GraphQL layer, a job and a wrapper that keeps the cause log it.
    capture.logger.error({ err: error, path: ['verifyAndSaveConnectWiseIntegration'] }, 'unexpected GraphQL error');
    capture.logger.error({ err: new GraphQLError(error.message, { originalError: error }) }, 'unexpected subscription error');
    capture.logger.error({ err: new Error('sync run failed', { cause: error }), job: 'sync.run' }, 'job failed');
    capture.logger.error(error);
    const written = capture.lines.slice(start);
    const text = JSON.stringify(written);

    for (const value of [row.publicKeySealed, row.privateKeySealed, row.site, row.companyId, providerId, 'insert into', 'Key (']) {
      expect(text).not.toContain(value);
    }
    expect(text).not.toMatch(SEALED_VALUE);
    const useful = {
      type: 'UniqueConstraintViolationException',
      code: '23505',
      table: 'connectwise_integrations',
      constraint: 'connectwise_integrations_provider_id_unique',
      message: 'unique violation (SQLSTATE 23505) on table connectwise_integrations, constraint connectwise_integrations_provider_id_unique',
    };
    expect(written[0]).toMatchObject({ level: 50, msg: 'unexpected GraphQL error', err: useful });
    expect(written[1]).toMatchObject({ err: { type: 'GraphQLError', message: useful.message, originalError: useful } });
    expect(written[2]).toMatchObject({ job: 'sync.run', err: { message: 'sync run failed', cause: useful } });
    expect(written[3]).toMatchObject({ msg: useful.message, err: useful });
    expect((written[0]!.err as { stack: string }).stack).toMatch(/^UniqueConstraintViolationException: unique violation[^\n]*\n\s+at /);
  });

  it('logs a statement PostgreSQL refuses for a NUL byte without the text that carried it', async () => {
    const em = orm.em.fork();
    em.create(Provider, { name: 'NUL user data \u0000 Secret Org Name' });
    const error = await em.flush().then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    expect(error).toBeDefined();
    const start = capture.lines.length;
    capture.logger.error({ err: error }, 'could not save');
    const text = JSON.stringify(capture.lines.slice(start));
    expect(text).not.toContain('Secret Org Name');
    expect(text).not.toContain('insert into');
    expect(capture.lines.at(-1)).toMatchObject({ err: { type: 'DriverException', code: expect.stringMatching(/^[0-9A-Z]{5}$/) } });
  });

  it('at trace level, logs each SQL statement with placeholders and never its parameter values', async () => {
    const start = capture.lines.length;
    const { provider, row } = await integrationRow();
    const em = orm.em.fork();
    em.create(ConnectWiseIntegration, { ...row, provider: em.getReference(Provider, provider.id) });
    await em.flush();
    await em.execute("select count(*) from connectwise_integrations where company_id = ? and site <> 'literal-user-data'", [row.companyId]);
    await orm.em.fork().findOne(ConnectWiseIntegration, { companyId: row.companyId }, { filters: false, logging: { debugMode: ['query', 'query-params'] } });

    const sql = capture.lines.slice(start).filter((line) => line.msg === 'sql');
    const inserts = sql.filter((line) => String(line.sql).startsWith('insert into "connectwise_integrations"'));
    expect(inserts).toHaveLength(1);
    expect(inserts[0]).toMatchObject({ level: 10, sql: expect.stringContaining('$1'), affected: 1 });
    const text = JSON.stringify(sql);
    for (const value of [row.publicKeySealed, row.privateKeySealed, row.site, row.companyId, provider.name, provider.id, 'literal-user-data']) {
      expect(text).not.toContain(value);
    }
    expect(sql.some((line) => String(line.sql).includes('where "c0"."company_id" = $1'))).toBe(true);
  });

  it('blanks secret-bearing keys at any depth and sealed values anywhere in a line', () => {
    const sealed = box.seal('jumpcloud-api-key');
    const start = capture.lines.length;
    capture.logger.warn(
      { connection: { provider: { apiKeySealed: sealed, settings: { apiKey: 'plain-api-key', privateKey: 'plain-private' } } }, note: `stored ${sealed}` },
      `could not open ${sealed}`,
    );
    const [line] = capture.lines.slice(start);
    const text = JSON.stringify(line);
    for (const secret of [sealed, 'plain-api-key', 'plain-private']) expect(text).not.toContain(secret);
    expect(line).toMatchObject({
      msg: 'could not open [sealed]',
      note: 'stored [sealed]',
      connection: { provider: { apiKeySealed: '[redacted]', settings: { apiKey: '[redacted]', privateKey: '[redacted]' } } },
    });
  });

  it('cuts the credentials out of any URL in a line (a proxy URL, a database URL), keeping where it points', () => {
    const start = capture.lines.length;
    const error = new Error('connect ECONNREFUSED via http://egress:proxy%40pass-9a@proxy.example.com:3128');
    capture.logger.error({ err: error, proxy: 'http://egress:proxy%40pass-9a@proxy.example.com:3128/', db: 'postgres://highwater:db-pass-77@db:5432/hw' }, 'outbound call failed');
    const [line] = capture.lines.slice(start);
    const text = JSON.stringify(line);
    for (const secret of ['proxy%40pass-9a', 'db-pass-77', 'egress:']) expect(text).not.toContain(secret);
    expect(line).toMatchObject({ proxy: 'http://[redacted]@proxy.example.com:3128/', db: 'postgres://[redacted]@db:5432/hw' });
    // A URL without credentials, or an address in a path, is left as it is.
    capture.logger.info({ url: 'https://api.example.com/users/a@b.example' }, 'called');
    expect(capture.lines.at(-1)).toMatchObject({ url: 'https://api.example.com/users/a@b.example' });
  });

  it("recognises every value SecretBox seals (the scrubber must follow SecretBox's format)", () => {
    for (const plaintext of ['', 'k', 'a much longer private key with spaces and ünïcode', 'x'.repeat(500)]) {
      const sealed = box.seal(plaintext);
      expect(sealed.replace(SEALED_VALUE, '')).toBe('');
    }
  });
});
