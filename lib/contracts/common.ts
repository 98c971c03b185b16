import { z } from "zod";

// Small shapes shared by several domains' contracts.

/** An instant in UTC, ISO 8601 with a Z, e.g. "2026-11-25T09:30:00.000Z". */
export const Timestamp = z.iso
  .datetime()
  // ISO 8601 has a year 0000 (1 BC); PostgreSQL's calendar does not, and would refuse the query it reached.
  .refine((value) => !value.startsWith("0000"), "a year from 0001 on")
  .meta({ description: "UTC instant, ISO 8601" });

export const EmailAddress = z.string().trim().toLowerCase().max(254, "at most 254 characters").pipe(z.email("an email address"));

/** The answer of an action that has nothing else to report (sign out, revoke, delete). */
export const Done = z.object({ ok: z.literal(true) }).meta({ id: "Done" });
export type Done = z.infer<typeof Done>;

/** `limit` and `cursor` of paginated lists; `nextCursor` is null on the last page. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe("Items per page, 1–200 (default 50)."),
  cursor: z.string().max(200).optional().describe("The `nextCursor` of the previous page."),
});
