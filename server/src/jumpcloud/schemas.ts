import { z } from 'zod';

/*
 * Response shapes, validated at the edge. Only the fields highwater uses are required; everything
 * else JumpCloud adds passes through untouched on events and is dropped on organizations.
 */

export const organizationSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  // JumpCloud sends null or leaves it out for organizations without a seat cap.
  maxSystemUsers: z
    .number()
    .int()
    .nullish()
    .transform((value) => value ?? undefined),
});

export type Organization = z.infer<typeof organizationSchema>;

/** A page of organizations; its rows are read one by one (`organizationSchema`), so one odd row is skipped, not fatal. */
export const organizationListSchema = z.object({
  results: z.array(z.unknown()),
  totalCount: z.number().int().nonnegative(),
});

/** `/api/systemusers` read only for its total; the one listed user is not looked at. */
export const systemUserCountSchema = z.object({
  totalCount: z.number().int().nonnegative(),
  results: z.array(z.unknown()),
});

const principalSchema = z.looseObject({
  id: z.string().optional(),
  type: z.string().optional(),
  username: z.string().optional(),
  email: z.string().optional(),
});

/**
 * One Directory Insights event. `id`, `event_type` and `timestamp` are required (without them an event
 * can be neither deduplicated nor classified); the rest is checked for type when present and kept as
 * JumpCloud sent it, including fields we do not name here.
 */
export const directoryEventSchema = z.looseObject({
  id: z.string().min(1),
  event_type: z.string().min(1),
  timestamp: z.string().min(1),
  organization: z.string().optional(),
  service: z.string().optional(),
  success: z.boolean().optional(),
  client_ip: z.string().optional(),
  initiated_by: principalSchema.optional(),
  resource: principalSchema.optional(),
});

export type DirectoryEvent = z.infer<typeof directoryEventSchema>;

/** A page of events; each is read on its own (`directoryEventSchema`): the spec gives events no schema. */
export const directoryEventPageSchema = z.array(z.unknown());

/**
 * The `X-Search_after` cursor: the sort values of a page's last event. JumpCloud's documented header
 * mixes a number and a string (`[1576181718000,"DZrPyW8BNsa9iKWoOm7h"]`) while its query schema types
 * `search_after` as an array of strings, so each value goes back as its text.
 */
export const searchAfterSchema = z
  .array(z.union([z.string(), z.number().finite()]).transform((value) => String(value)))
  .min(1);

export type SearchAfterCursor = z.infer<typeof searchAfterSchema>;
