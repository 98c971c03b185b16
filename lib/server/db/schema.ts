import "server-only";
import { bigint, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

// The database schema. Tables arrive with the issues that need them; migrations are generated from this file
// with `npm run db:generate` and checked in under ./migrations.

/**
 * Time-limited leases for work that exactly one replica may do (the metrics collector, the billing meter).
 * A replica holds a lease while it renews it before `expiresAt`; when the holder dies, another takes over.
 */
export const leases = pgTable(
  "leases",
  {
    name: text("name").primaryKey(),
    holder: text("holder").notNull(),
    acquiredAt: timestamp("acquired_at", { withTimezone: true }).notNull(),
    renewedAt: timestamp("renewed_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    /** Bumped on every change of holder, so work can be fenced by the epoch it started under. */
    epoch: bigint("epoch", { mode: "number" }).notNull().default(1),
  },
  (table) => [index("leases_expires_at_idx").on(table.expiresAt)],
);
