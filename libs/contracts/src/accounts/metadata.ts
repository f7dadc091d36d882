import { z } from 'zod';

/**
 * Public, private and unsafe metadata: free-form JSON objects (never arrays or null). Their size (8 KiB each,
 * serialized) is a rule of the accounts service, which answers it with a Clerk error naming the parameter.
 */
export const metadataSchema = z.record(z.unknown());
export type Metadata = z.infer<typeof metadataSchema>;

/** Offset pagination as in Clerk's Backend API: `limit` 1–500 (default 10), `offset` from 0. */
export const paginationFields = {
  limit: z.number().int().min(1).max(500).default(10),
  offset: z.number().int().min(0).max(1_000_000).default(0),
};

/** A page of a list: the items and how many there are in all (Clerk's `{data, total_count}`). */
export const pageOf = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ data: z.array(item), totalCount: z.number().int() });

/** What a delete answers: Clerk's DeletedObject without the `object` name, which the gateway adds. */
export const deletedResponse = z.object({ id: z.string(), deleted: z.literal(true) });

/** Ids as they appear in paths and message payloads; anything longer cannot be one of ours. */
export const idSchema = z.string().min(1).max(64);
