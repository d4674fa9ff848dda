import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';

/**
 * TLS to PostgreSQL from libpq's URL parameters (`sslmode`, `sslrootcert`, `sslcert`, `sslkey`), for every
 * connection we open: MikroORM drops a URL's query, and node-postgres reads `sslmode=require` more
 * strictly than libpq does, so both are given these options and a URL without the parameters.
 *
 * - `disable`, `allow`, `prefer` (or none): no TLS.
 * - `require`: encrypted, the certificate not checked (libpq's meaning) — unless `sslrootcert` is given,
 *   which makes it `verify-ca`, as in libpq.
 * - `verify-ca`: the certificate must chain to `sslrootcert` (or the system CAs); any host name.
 * - `verify-full`: `verify-ca` and the host name must match the certificate.
 */
export interface PostgresConnection {
  /** The URL without the TLS parameters. */
  url: string;
  ssl?: ConnectionOptions;
}

const TLS_PARAMETERS = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'uselibpqcompat'];

export class PostgresTlsError extends Error {}

export function postgresConnection(databaseUrl: string): PostgresConnection {
  const url = new URL(databaseUrl);
  const parameter = (name: string) => url.searchParams.get(name) ?? undefined;
  const mode = parameter('sslmode') ?? 'disable';
  const file = (name: string) => {
    const path = parameter(name);
    if (!path) return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      throw new PostgresTlsError(`DATABASE_URL's ${name} (${path}) cannot be read: ${(error as Error).message}`);
    }
  };
  if (!['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'].includes(mode)) {
    throw new PostgresTlsError(`DATABASE_URL's sslmode=${mode} is not one of disable, allow, prefer, require, verify-ca, verify-full`);
  }
  const tls = mode === 'require' || mode === 'verify-ca' || mode === 'verify-full';
  const ca = tls ? file('sslrootcert') : undefined;
  const clientCertificate = tls ? { cert: file('sslcert'), key: file('sslkey') } : {};
  for (const name of TLS_PARAMETERS) url.searchParams.delete(name);
  const plain = url.toString();
  if (!tls) return { url: plain };
  const verify = mode !== 'require' || ca !== undefined;
  const ssl: ConnectionOptions = {
    ...(ca ? { ca } : {}),
    ...(clientCertificate.cert ? clientCertificate : {}),
    rejectUnauthorized: verify,
    // verify-ca: the chain is checked, the host name is not.
    ...(verify && mode !== 'verify-full' ? { checkServerIdentity: () => undefined } : {}),
  };
  return { url: plain, ssl };
}
