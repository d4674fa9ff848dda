import { z } from 'zod';

/*
 * Response shapes, validated at the boundary. Only the fields the contract lists are kept (zod strips the
 * rest). ConnectWise omits fields that are null and sometimes sends explicit nulls, so anything not
 * essential is `nullish` and normalised to `undefined`.
 */

const opt = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);

const id = z.number().int();

export const referenceSchema = z.object({ id, name: opt(z.string()) });
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

export const systemInfoSchema = z.object({
  version: z.string(),
  isCloud: z.boolean(),
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

export const agreementSchema = z.object({
  id,
  name: z.string(),
  type: opt(referenceSchema),
  company: z.object({ id, identifier: opt(z.string()), name: opt(z.string()) }),
  cancelledFlag: opt(z.boolean()),
  agreementStatus: opt(z.string()),
  billingCycle: opt(referenceSchema),
  startDate: opt(z.string()),
  endDate: opt(z.string()),
});
export type Agreement = z.infer<typeof agreementSchema>;

export const additionSchema = z.object({
  id,
  product: z.object({ id, identifier: z.string(), description: opt(z.string()) }),
  quantity: z.number(),
  lessIncluded: opt(z.number()),
  unitPrice: opt(z.number()),
  unitCost: opt(z.number()),
  billCustomer: opt(z.string()),
  effectiveDate: opt(z.string()),
  cancelledDate: opt(z.string()),
  agreementId: opt(id),
  description: opt(z.string()),
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
  company: opt(z.object({ id, identifier: opt(z.string()), name: opt(z.string()) })),
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
