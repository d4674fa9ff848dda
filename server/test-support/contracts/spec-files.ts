import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Vendor } from '../../src/vendor-kit/exchange-recorder.js';

/**
 * The vendors' own machine-readable specifications, kept beside the repository in `../shared/specs/`
 * (where CI puts them too); `VENDOR_SPECS_DIR` points elsewhere. Not copied into the repo: one copy,
 * the one whose provenance `shared/specs/README.md` records.
 */
export function specsDirectory(): string {
  const configured = process.env.VENDOR_SPECS_DIR;
  if (configured) return configured;
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  return path.resolve(repoRoot, '../shared/specs');
}

/** One API of one vendor: a spec file and how a request URL's path maps onto the spec's paths. */
export interface SpecApi {
  vendor: Vendor;
  /** Short name for messages: `connectwise`, `jumpcloud v1`, … */
  name: string;
  file: string;
  /** The part of a URL's path before the spec's paths; undefined when the URL is not this API's. */
  specPath(urlPath: string): string | undefined;
}

export const specApis: readonly SpecApi[] = [
  {
    vendor: 'connectwise',
    name: 'connectwise',
    file: 'connectwise/manage-subset.openapi.json',
    // `/v2025_1/apis/3.0/finance/…`: the codebase (from company discovery) comes before `apis/3.0`.
    specPath: (urlPath) => /^\/(?:[^/]+\/)?apis\/3\.0(\/.*)$/i.exec(urlPath)?.[1],
  },
  {
    vendor: 'jumpcloud',
    name: 'jumpcloud v2',
    file: 'jumpcloud/v2-subset.swagger.json',
    specPath: (urlPath) => /^\/api\/v2(\/.*)$/.exec(urlPath)?.[1],
  },
  {
    vendor: 'jumpcloud',
    name: 'jumpcloud v1',
    file: 'jumpcloud/v1-subset.swagger.json',
    specPath: (urlPath) => (urlPath.startsWith('/api/v2/') ? undefined : /^\/api(\/.*)$/.exec(urlPath)?.[1]),
  },
  {
    vendor: 'jumpcloud',
    name: 'jumpcloud directory insights',
    file: 'jumpcloud/directory-insights.swagger.json',
    specPath: (urlPath) => /^\/insights\/directory\/v1(\/.*)$/.exec(urlPath)?.[1],
  },
];

export function readSpec(api: SpecApi): Record<string, unknown> {
  const file = path.join(specsDirectory(), api.file);
  if (!existsSync(file)) {
    throw new Error(`The ${api.name} specification is missing: ${file}. Put shared/specs beside the repository or set VENDOR_SPECS_DIR.`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}
