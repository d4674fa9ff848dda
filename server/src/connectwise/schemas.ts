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

/** `BoardStatus`: a status of one board; `closedStatus` ones close the ticket moved to them. */
export const boardStatusSchema = z.object({
  id,
  name: z.string(),
  closedStatus: opt(z.boolean()),
  inactive: opt(z.boolean()),
  defaultFlag: opt(z.boolean()),
  sortOrder: opt(z.number()),
});
export type BoardStatus = z.infer<typeof boardStatusSchema>;

/** Optional, and read as absent when it has an unexpected type: for models no spec we hold describes. */
const lenient = <T extends z.ZodType>(schema: T) =>
  schema
    .nullish()
    .catch(undefined)
    .transform((value) => value ?? undefined);

/**
 * A board's type, subtype or item (`service/boards/{id}/types|subtypes|items`). These routes are in
 * ConnectWise's API but not in our spec subset, so only id and name are required; anything else odd
 * is read as absent rather than losing the row.
 */
export const boardOptionSchema = z.object({ id, name: z.string(), inactiveFlag: lenient(z.boolean()) });
export type BoardOption = z.infer<typeof boardOptionSchema>;

/** `TicketReference`. */
const ticketReferenceSchema = z.object({ id: opt(id), summary: opt(z.string()) });

export const ticketSchema = z.object({
  id,
  summary: z.string(),
  company: opt(companyReferenceSchema),
  board: opt(referenceSchema),
  priority: opt(referenceSchema),
  source: opt(referenceSchema),
  /** `ServiceStatusReference`: id and name of one of the board's statuses. */
  status: opt(referenceSchema),
  type: opt(referenceSchema),
  subType: opt(referenceSchema),
  item: opt(referenceSchema),
  requiredDate: opt(z.string()),
  externalXRef: opt(z.string()),
  /** True once the ticket sits in a closed status (closed by anyone, or merged). */
  closedFlag: opt(z.boolean()),
  closedDate: opt(z.string()),
  /** Member identifier of who closed it. */
  closedBy: opt(z.string()),
  /** Set when a technician merged this ticket into another; the merged ticket is closed. */
  mergedParentTicket: opt(ticketReferenceSchema),
});
export type Ticket = z.infer<typeof ticketSchema>;

/** `ServiceNote`, the fields we read. */
export const ticketNoteSchema = z.object({
  id,
  ticketId: opt(id),
  text: opt(z.string()),
  detailDescriptionFlag: opt(z.boolean()),
  internalAnalysisFlag: opt(z.boolean()),
  resolutionFlag: opt(z.boolean()),
  dateCreated: opt(z.string()),
});
export type TicketNote = z.infer<typeof ticketNoteSchema>;

/**
 * A note to write. ConnectWise refuses a note that is none of discussion (`detailDescriptionFlag`),
 * internal (`internalAnalysisFlag`) and resolution ("Please choose where to display the notes"): one
 * with no flag set is sent as a discussion note.
 */
export const ticketNoteInputSchema = z.object({
  text: z.string().refine((text) => text.trim().length > 0, 'must not be blank'),
  detailDescriptionFlag: z.boolean().optional(),
  internalAnalysisFlag: z.boolean().optional(),
  resolutionFlag: z.boolean().optional(),
  /** False skips ConnectWise's workflow e-mails for this note; ConnectWise's default is true. */
  processNotifications: z.boolean().optional(),
});
export type TicketNoteInput = z.input<typeof ticketNoteInputSchema>;

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
  /** A status, type, subtype or item of the ticket's board (another board's is refused by ConnectWise). */
  statusId: id.positive().optional(),
  typeId: id.positive().optional(),
  subTypeId: id.positive().optional(),
  itemId: id.positive().optional(),
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
