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

/**
 * Calls our clients make that no spec file covers; neither checked nor a violation. `method` absent: any.
 * README's "Vendor contracts" section lists the same.
 */
export const unspecifiedRoutes: readonly { vendor: Vendor; method?: string; path: RegExp; why: string }[] = [
  {
    vendor: 'connectwise',
    path: /^\/login\/companyinfo\//i,
    why: "Company discovery (the codebase for every URL) is outside ConnectWise's REST spec; its shape is checked by our zod schema.",
  },
  {
    vendor: 'connectwise',
    method: 'GET',
    path: /^\/(?:[^/]+\/)?apis\/3\.0\/service\/boards\/\d+\/(?:types|subtypes|items)$/i,
    why:
      "A board's types, subtypes and items (the ticket's type/subType/item references) are ConnectWise routes the " +
      'spec subset leaves out; only id and name are required of a row, read leniently by our zod schema.',
  },
  {
    vendor: 'connectwise',
    method: 'GET',
    path: /^\/(?:[^/]+\/)?apis\/3\.0\/service\/tickets\/\d+\/notes$/i,
    why:
      "Listing a ticket's notes (to find a note whose answer was lost) is a ConnectWise route the spec subset leaves " +
      'out; the subset has only the POST. Rows are read with the same ServiceNote zod schema as the POST answer.',
  },
];
