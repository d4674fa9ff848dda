import { z } from 'zod';
import { DEFAULT_PWNED_PASSWORDS_URL } from '../pwned-passwords/client.js';
import { noProxyEntryProblem, proxyUrlProblem, splitNoProxy, type OutboundProxySettings } from '../shared/outbound-proxy.js';

/**
 * The only reader of process.env. Unset URLs mean "use the embedded default" (PGlite, FerretDB) —
 * allowed everywhere but production, where every connection must be configured explicitly.
 */
const optionalUrl = (schemes: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === '' ? undefined : value))
    .refine((value) => value === undefined || schemes.some((scheme) => value.startsWith(`${scheme}://`)), {
      message: `must start with ${schemes.map((scheme) => `${scheme}://`).join(' or ')}`,
    });

const secretKey = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === '' ? undefined : value))
  .refine((value) => value === undefined || decodeKey(value)?.length === 32, {
    message: 'must be 32 bytes, written as 64 hex characters or base64',
  });

const TRUSTED_PROXY_ENTRY = /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/;

/** A proxy URL; the message never repeats the value, which may carry a password. */
const proxyUrl = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === '' ? undefined : value))
  .superRefine((value, context) => {
    const problem = value === undefined ? undefined : proxyUrlProblem(value);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

const noProxy = z
  .string()
  .optional()
  .transform((value) => (value?.trim() === '' ? undefined : value))
  .superRefine((value, context) => {
    const problem = splitNoProxy(value ?? '')
      .map(noProxyEntryProblem)
      .find((found) => found !== undefined);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  MONGODB_URL: optionalUrl(['mongodb', 'mongodb+srv']),
  HIGHWATER_SECRET_KEY: secretKey,
  HIGHWATER_SECRET_KEY_PREVIOUS: z
    .string()
    .optional()
    .refine((value) => !value || value.split(',').every((key) => decodeKey(key.trim())?.length === 32), {
      message: 'must be a comma-separated list of 32-byte keys (hex or base64)',
    }),
  HIGHWATER_DATA_DIR: z.string().default('.data'),
  // Identifies highwater to ConnectWise (one GUID per product from ConnectWise's developer portal).
  CONNECTWISE_CLIENT_ID: z.uuid().default('6f2b3f0e-8c1d-4b7a-9a55-1f0c2d3e4a5b'),
  CONNECTWISE_CA_FILE: z.string().optional(),
  // ConnectWise Cloud throttles around 1,000 requests a minute per integration; on-premise instances may allow more.
  CONNECTWISE_MAX_REQUESTS_PER_MINUTE: z.coerce.number().int().min(60).max(100_000).default(1_000),
  JUMPCLOUD_CA_FILE: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST_DIR: z.string().optional(),
  // Behind a reverse proxy: whose X-Forwarded-For / -Proto to believe (Express's "trust proxy").
  HIGHWATER_TRUST_PROXY: z
    .string()
    .trim()
    .optional()
    .refine((value) => !value || /^\d{1,2}$/.test(value) || value.split(',').every((entry) => TRUSTED_PROXY_ENTRY.test(entry.trim())), {
      message: 'must be a number of proxy hops (e.g. 1), or a comma-separated list of loopback, linklocal, uniquelocal, IP addresses or CIDR ranges',
    }),
  // The address people open, e.g. https://highwater.example.com: single sign-on's redirect URI is built on it.
  HIGHWATER_PUBLIC_URL: optionalUrl(['http', 'https']),
  // "true": browser sessions (the admin app) may run only the app's own documents; API tokens are not limited.
  TRUSTED_DOCUMENTS_FOR_BROWSER_SESSIONS: z.enum(['true', 'false']).default('false'),
  // New passwords are checked against Have I Been Pwned's breached passwords (k-anonymity; fails open).
  HIGHWATER_BREACHED_PASSWORD_CHECK: z.enum(['pwnedpasswords', 'off']).default('pwnedpasswords'),
  // The Pwned Passwords range API or a mirror of it (GET <url>/range/<5 hex>).
  HIGHWATER_PWNED_PASSWORDS_URL: optionalUrl(['http', 'https']),
  // The outbound proxy for every call to another service; the lower-case spelling wins, as with curl
  // and undici; an empty value counts as unset.
  https_proxy: proxyUrl,
  HTTPS_PROXY: proxyUrl,
  http_proxy: proxyUrl,
  HTTP_PROXY: proxyUrl,
  no_proxy: noProxy,
  NO_PROXY: noProxy,
});

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl?: string;
  mongodbUrl?: string;
  /** 32-byte key for AES-256-GCM encryption of secrets at rest. */
  secretKey?: Buffer;
  /** Keys secrets may still be sealed with, while they are rotated to `secretKey`. */
  previousSecretKeys: Buffer[];
  dataDir: string;
  connectWiseClientId: string;
  connectWiseCaFile?: string;
  /** Requests per minute each ConnectWise client may start (one client per provider). */
  connectWiseMaxRequestsPerMinute: number;
  /** Extra CA certificate (PEM file) to trust for JumpCloud, e.g. the simulator's. */
  jumpCloudCaFile?: string;
  logLevel: string;
  webDistDir?: string;
  /** Express's `trust proxy`: hops to trust, or the proxies' addresses; unset: none (the socket's address counts). */
  trustProxy?: number | string;
  /** The public address (no trailing slash); unset: each request's own scheme and host. */
  publicUrl?: string;
  /** Browser sessions may run only the admin app's trusted documents. */
  trustedDocumentsForBrowserSessions: boolean;
  /** Where new passwords are checked against known breaches; unset: the check is off. */
  pwnedPasswords?: { baseUrl: string };
  /** HTTPS_PROXY, HTTP_PROXY, NO_PROXY: how every outbound call leaves (ConnectWise, JumpCloud, identity providers, Pwned Passwords). */
  outboundProxy: OutboundProxySettings;
}

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`Invalid configuration: ${name} ${issue.message}`);
  }
  const values = parsed.data;
  if (values.NODE_ENV === 'production') {
    for (const name of ['DATABASE_URL', 'MONGODB_URL', 'HIGHWATER_SECRET_KEY'] as const) {
      if (!values[name]) throw new ConfigError(`Invalid configuration: ${name} is required in production`);
    }
  }
  return {
    env: values.NODE_ENV,
    port: values.PORT,
    host: values.HOST,
    databaseUrl: values.DATABASE_URL,
    mongodbUrl: values.MONGODB_URL,
    secretKey: values.HIGHWATER_SECRET_KEY ? decodeKey(values.HIGHWATER_SECRET_KEY) : undefined,
    previousSecretKeys: (values.HIGHWATER_SECRET_KEY_PREVIOUS ?? '')
      .split(',')
      .filter((key) => key.trim() !== '')
      .map((key) => decodeKey(key.trim())!),
    dataDir: values.HIGHWATER_DATA_DIR,
    connectWiseClientId: values.CONNECTWISE_CLIENT_ID,
    connectWiseCaFile: values.CONNECTWISE_CA_FILE,
    connectWiseMaxRequestsPerMinute: values.CONNECTWISE_MAX_REQUESTS_PER_MINUTE,
    jumpCloudCaFile: values.JUMPCLOUD_CA_FILE,
    logLevel: values.LOG_LEVEL,
    webDistDir: values.WEB_DIST_DIR,
    trustProxy: !values.HIGHWATER_TRUST_PROXY ? undefined : /^\d+$/.test(values.HIGHWATER_TRUST_PROXY) ? Number(values.HIGHWATER_TRUST_PROXY) : values.HIGHWATER_TRUST_PROXY,
    publicUrl: values.HIGHWATER_PUBLIC_URL?.replace(/\/+$/, ''),
    trustedDocumentsForBrowserSessions: values.TRUSTED_DOCUMENTS_FOR_BROWSER_SESSIONS === 'true',
    pwnedPasswords: values.HIGHWATER_BREACHED_PASSWORD_CHECK === 'off' ? undefined : { baseUrl: values.HIGHWATER_PWNED_PASSWORDS_URL ?? DEFAULT_PWNED_PASSWORDS_URL },
    outboundProxy: {
      httpsProxy: values.https_proxy ?? values.HTTPS_PROXY,
      httpProxy: values.http_proxy ?? values.HTTP_PROXY,
      noProxy: splitNoProxy(values.no_proxy ?? values.NO_PROXY ?? ''),
    },
  };
}

export function readConfig(): Config {
  return parseConfig(process.env);
}

function decodeKey(text: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return Buffer.from(text, 'base64');
  return undefined;
}
