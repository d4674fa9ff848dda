import type { Vendor } from '../../src/vendor-kit/exchange-recorder.js';
import type { SchemaOverride } from './json-schema.js';

/*
 * Where we knowingly part from a vendor's spec, each with its reason. README's "Vendor contracts"
 * section lists the same. Keep this short: every entry is a place the contract tests do not look.
 */

export const contractOverrides: readonly (SchemaOverride & { api: string })[] = [
  {
    api: 'connectwise',
    at: 'components.schemas.PatchOperation.properties.value',
    schema: {},
    why:
      'The spec types a patch value as an object (the Go generator reads interface{} so); ConnectWise replaces ' +
      'fields with plain numbers and strings, as its own documentation shows. Each value is held instead to the ' +
      'field its path names (Addition.quantity is a number, Ticket.summary a string of at most 100).',
  },
];

/** Calls our clients make that no spec file covers; neither checked nor a violation. */
export const unspecifiedRoutes: readonly { vendor: Vendor; path: RegExp; why: string }[] = [
  {
    vendor: 'connectwise',
    path: /^\/login\/companyinfo\//i,
    why: "Company discovery (the codebase for every URL) is outside ConnectWise's REST spec; its shape is checked by our zod schema.",
  },
];
