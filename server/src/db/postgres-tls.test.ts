import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { simulatorCertificate } from '../../test-support/simulator-certificate.js';
import { openOrm } from './orm.js';
import { postgresConnection } from './postgres-tls.js';

describe("DATABASE_URL's TLS parameters (libpq's meaning)", () => {
  const base = 'postgres://highwater:secret@db.example.com:5432/highwater';

  it('uses no TLS without sslmode, or with disable, allow or prefer, and drops the parameters from the URL', () => {
    for (const query of ['', '?sslmode=disable', '?sslmode=prefer', '?sslmode=allow']) {
      expect(postgresConnection(`${base}${query}`)).toEqual({ url: base });
    }
  });

  it('encrypts without checking the certificate for require, and checks it (any host name) once a root certificate is given', async () => {
    expect(postgresConnection(`${base}?sslmode=require`)).toEqual({ url: base, ssl: { rejectUnauthorized: false } });
    const dir = mkdtempSync(path.join(tmpdir(), 'highwater-pg-tls-'));
    const caFile = path.join(dir, 'root.pem');
    writeFileSync(caFile, (await simulatorCertificate()).cert);
    const verifyCa = postgresConnection(`${base}?sslmode=require&sslrootcert=${caFile}`).ssl!;
    expect(verifyCa).toMatchObject({ rejectUnauthorized: true });
    expect(verifyCa.ca?.toString()).toContain('BEGIN CERTIFICATE');
    expect(verifyCa.checkServerIdentity?.('db.example.com', {} as never)).toBeUndefined();
    const verifyFull = postgresConnection(`${base}?sslmode=verify-full&sslrootcert=${caFile}`).ssl!;
    expect(verifyFull).toMatchObject({ rejectUnauthorized: true });
    expect(verifyFull.checkServerIdentity).toBeUndefined();
  });

  it('refuses an unknown sslmode and a root certificate it cannot read, naming them', () => {
    expect(() => postgresConnection(`${base}?sslmode=no-verify`)).toThrow(/sslmode=no-verify/);
    expect(() => postgresConnection(`${base}?sslmode=verify-full&sslrootcert=/nonexistent/root.pem`)).toThrow(/sslrootcert \(\/nonexistent\/root.pem\)/);
  });
});

describe('TLS to the test PostgreSQL server', () => {
  const databaseUrl = inject('databaseUrl');
  const withQuery = (query: string) => `${databaseUrl}${databaseUrl.includes('?') ? '&' : '?'}${query}`;

  it('connects encrypted with sslmode=require, and refuses a server whose certificate the given root did not sign', async (context) => {
    const probe = await openOrm({ databaseUrl, maxConnections: 1 });
    const [setting] = await probe.em.fork().execute<{ ssl: string }[]>('show ssl');
    await probe.close(true);
    // Debian's PostgreSQL has TLS on (its snake-oil certificate); a server without it has nothing to test.
    if (setting?.ssl !== 'on') return context.skip();

    const orm = await openOrm({ databaseUrl: withQuery('sslmode=require'), maxConnections: 1 });
    try {
      const [row] = await orm.em.fork().execute<{ ssl: boolean }[]>('select ssl from pg_stat_ssl where pid = pg_backend_pid()');
      expect(row?.ssl).toBe(true);
    } finally {
      await orm.close(true);
    }

    const dir = mkdtempSync(path.join(tmpdir(), 'highwater-pg-tls-'));
    const otherRoot = path.join(dir, 'other-root.pem');
    writeFileSync(otherRoot, (await simulatorCertificate()).cert);
    const strictQuery = async () => {
      const strict = await openOrm({ databaseUrl: withQuery(`sslmode=verify-full&sslrootcert=${otherRoot}`), maxConnections: 1 });
      try {
        await strict.em.fork().execute('select 1');
      } finally {
        await strict.close(true);
      }
    };
    await expect(strictQuery()).rejects.toThrow(/certificate/);
  });
});
