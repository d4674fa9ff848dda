import { z } from 'zod';

/*
 * Response shapes, validated at the boundary. Only the fields the contract lists are kept (zod strips the
 * rest). ConnectWise omits fields that are null and sometimes sends explicit nulls, so anything not
 * essential is `nullish` and normalised to `undefined`.
 *
 * Required here means required by the spec (`manage-subset.openapi.json`), with one deliberate addition:
 * the spec marks no `id` as required, but a row without its own id is one we cannot map, write or link
 * to, so entity ids are required and such a row is skipped by the list reads (see `ListResult`).
 * Reference ids (`*Reference.id`) are nullable in the spec and optional here: we never need them.
 */

const opt = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);

const id = z.number().int();

/** `*Reference` in the spec: every field optional, `id` nullable. */
export const referenceSchema = z.object({ id: opt(id), name: opt(z.string()) });
export type Reference = z.infer<typeof referenceSchema>;

export const companyInfoSchema = z.object({
  CompanyName: opt(z.string()),
  // Interpolated into every URL, so it must look like a path segment such as "v2025_1/".
  Codebase: z.string().regex(/^[A-Za-z0-9_.-]+\/$/),
  VersionCode: opt(z.string()),
  VersionNumber: opt(z.string()),
  CompanyID: opt(z.string()),
  IsCloud: opt(z.boolean()),
});
export type CompanyInfo = z.infer<typeof companyInfoSchema>;

/** `Info`: the spec requires none of its fields. */
export const systemInfoSchema = z.object({
  version: opt(z.string()),
  isCloud: opt(z.boolean()),
  serverTimeZone: opt(z.string()),
  cloudRegion: opt(z.string()),
});
export type SystemInfo = z.infer<typeof systemInfoSchema>;

export const companyTypeSchema = z.object({
  id,
  name: z.string(),
  defaultFlag: opt(z.boolean()),
  vendorFlag: opt(z.boolean()),
});
export type CompanyType = z.infer<typeof companyTypeSchema>;

export const companySchema = z.object({
  id,
  identifier: z.string(),
  name: z.string(),
  status: opt(referenceSchema),
  types: opt(z.array(referenceSchema)),
  deletedFlag: opt(z.boolean()),
});
export type Company = z.infer<typeof companySchema>;

/** `CompanyReference`: id nullable, identifier and name optional. */
const companyReferenceSchema = z.object({ id: opt(id), identifier: opt(z.string()), name: opt(z.string()) });

/**
 * The spec's enum for `agreementStatus` (Agreement and Addition). Read as a plain string: a value
 * ConnectWise adds later is simply "not Active", not a row we cannot read.
 */
export const agreementStatuses = ['Active', 'Cancelled', 'Expired', 'Inactive'] as const;

export const agreementSchema = z.object({
  id,
  name: z.string(),
  // The spec requires `type` and `company` (and `contact`), but we only show their names.
  type: opt(referenceSchema),
  company: opt(companyReferenceSchema),
  cancelledFlag: opt(z.boolean()),
  agreementStatus: opt(z.string()),
  billingCycle: opt(referenceSchema),
  startDate: opt(z.string()),
  endDate: opt(z.string()),
});
export type Agreement = z.infer<typeof agreementSchema>;

/** `IvItemReference`: every field optional, `id` nullable; no description (the addition carries it). */
const productReferenceSchema = z.object({ id: opt(id), identifier: opt(z.string()) });

export const additionSchema = z.object({
  id,
  product: productReferenceSchema,
  /** Nullable and not required in the spec: no quantity is "no previous quantity", not zero. */
  quantity: opt(z.number()),
  lessIncluded: opt(z.number()),
  unitPrice: opt(z.number()),
  unitCost: opt(z.number()),
  billCustomer: opt(z.string()),
  effectiveDate: opt(z.string()),
  cancelledDate: opt(z.string()),
  agreementId: opt(id),
  description: opt(z.string()),
  /** The status of the agreement the addition belongs to (same enum as `Agreement.agreementStatus`). */
  agreementStatus: opt(z.string()),
});
export type Addition = z.infer<typeof additionSchema>;

export const prioritySchema = z.object({
  id,
  name: z.string(),
  color: opt(z.string()),
  sortOrder: opt(z.number()),
  defaultFlag: opt(z.boolean()),
  level: opt(z.string()),
});
export type Priority = z.infer<typeof prioritySchema>;

export const sourceSchema = z.object({ id, name: z.string(), defaultFlag: opt(z.boolean()) });
export type Source = z.infer<typeof sourceSchema>;

export const boardSchema = z.object({ id, name: z.string(), inactiveFlag: opt(z.boolean()) });
export type Board = z.infer<typeof boardSchema>;

export const ticketSchema = z.object({
  id,
  summary: z.string(),
  company: opt(companyReferenceSchema),
  board: opt(referenceSchema),
  priority: opt(referenceSchema),
  source: opt(referenceSchema),
  status: opt(referenceSchema),
  requiredDate: opt(z.string()),
  externalXRef: opt(z.string()),
});
export type Ticket = z.infer<typeof ticketSchema>;

/** ConnectWise's error body. Parsed leniently: any of it may be missing on proxies' error pages. */
export const errorBodySchema = z.object({
  code: opt(z.string()),
  message: opt(z.string()),
  errors: opt(
    z.array(
      z.object({
        code: opt(z.string()),
        message: opt(z.string()),
        resource: opt(z.string()),
        field: opt(z.string()),
      }),
    ),
  ),
});

/** What we send when creating a ticket; limits from the contract are checked before the request. */
export const createTicketInputSchema = z.object({
  summary: z.string().trim().min(1).max(100),
  companyId: id.positive(),
  boardId: id.positive().optional(),
  priorityId: id.positive().optional(),
  sourceId: id.positive().optional(),
  /** ISO-8601 date-time; ConnectWise expects e.g. "2025-01-31T00:00:00Z". */
  requiredDate: z.string().optional(),
  initialDescription: z.string().optional(),
  /** Our idempotency key, so a crash between POST and bookkeeping can be deduplicated. */
  externalXRef: z.string().min(1).max(100),
});
export type CreateTicketInput = z.input<typeof createTicketInputSchema>;

export const additionPatchSchema = z
  .object({ quantity: z.number().finite().optional(), unitCost: z.number().finite().optional() })
  .refine((patch) => patch.quantity !== undefined || patch.unitCost !== undefined, 'nothing to change');
export type AdditionPatch = z.input<typeof additionPatchSchema>;
