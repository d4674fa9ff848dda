import { ConnectWiseError } from './errors.js';
import type { Transport } from './http.js';
import { companyInfoSchema, type CompanyInfo } from './schemas.js';

/*
 * Codebase discovery: `GET https://{site}/login/companyinfo/{companyId}` (no auth) says which codebase
 * ("v2025_1/", on-premise often "v4_6_release/") serves the API. The answer changes only when ConnectWise
 * upgrades the site, so it is cached per site and company for an hour, shared by every client in the process.
 */

const ttlMs = 60 * 60 * 1000;

interface CacheEntry {
  expires: number;
  info: Promise<CompanyInfo>;
}

const cache = new Map<string, CacheEntry>();

/** Forget every discovered codebase (tests; or after an upgrade of a site). */
export function clearConnectWiseDiscoveryCache(): void {
  cache.clear();
}

export function discoverCompany(transport: Transport, site: string, companyId: string): Promise<CompanyInfo> {
  const key = `${site.toLowerCase()}|${companyId.toLowerCase()}`;
  const cached = cache.get(key);
  if (cached && cached.expires > Date.now()) return cached.info;

  // The promise itself is cached so concurrent first calls share one request; failures are not cached.
  const info = fetchCompanyInfo(transport, site, companyId);
  const entry = { expires: Date.now() + ttlMs, info };
  cache.set(key, entry);
  info.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  return info;
}

async function fetchCompanyInfo(transport: Transport, site: string, companyId: string): Promise<CompanyInfo> {
  const url = new URL(`https://${site}/login/companyinfo/${encodeURIComponent(companyId)}`);
  const label = { method: 'GET', path: url.pathname };
  let response;
  try {
    response = await transport.send({ method: 'GET', url, headers: { accept: 'application/json' }, retry: 'idempotent' });
  } catch (error) {
    if (error instanceof ConnectWiseError && error.kind === 'not-found') {
      // Not a ConnectWise site (or not one that serves this path): the user probably mistyped the host.
      throw new ConnectWiseError('bad-site', `${site} does not look like a ConnectWise site (company info answered 404)`, {
        ...label,
        status: 404,
      });
    }
    throw error;
  }

  const text = response.text.trim();
  // ConnectWise answers an unknown company ID with 200 and an empty (or null) body.
  if (text === '' || text === 'null') throw unknownCompany(companyId, label);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConnectWiseError('bad-site', `${site} does not look like a ConnectWise site (company info is not JSON)`, label);
  }
  const parsed = companyInfoSchema.safeParse(json);
  if (!parsed.success) {
    const hasCodebase = typeof json === 'object' && json !== null && 'Codebase' in json && !!(json as { Codebase?: unknown }).Codebase;
    if (!hasCodebase) throw unknownCompany(companyId, label);
    throw new ConnectWiseError('bad-response', `ConnectWise company info has an unexpected shape`, label);
  }
  return parsed.data;
}

function unknownCompany(companyId: string, label: { method: string; path: string }): ConnectWiseError {
  return new ConnectWiseError('unknown-company', `ConnectWise does not know the company ID "${companyId}" on this site`, label);
}
