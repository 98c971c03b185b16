import "server-only";
import { notInArray, sql } from "drizzle-orm";
import type { Database } from "@/lib/server/db/database";
import { metricNodeStates } from "@/lib/server/db/schema";
import type { NodeScrapeState } from "./metrics-collector";

// The collector's holder records each cycle which nodes failed their scrape, so a replica that stands by can say
// so too (node-scrape-states.ts reads them).

/** Replaces the stored states with this cycle's (nodes gone from the cluster are removed). */
export async function writeNodeScrapeStates(db: Database, states: readonly NodeScrapeState[]): Promise<void> {
  if (states.length === 0) {
    await db.delete(metricNodeStates);
    return;
  }
  const now = new Date();
  await db
    .insert(metricNodeStates)
    .values(states.map((state) => ({ node: state.node, stale: state.stale, lastSuccessAt: state.lastSuccessMs === null ? null : new Date(state.lastSuccessMs), lastError: state.lastError, updatedAt: now })))
    .onConflictDoUpdate({
      target: metricNodeStates.node,
      set: { stale: sql`excluded.stale`, lastSuccessAt: sql`excluded.last_success_at`, lastError: sql`excluded.last_error`, updatedAt: sql`excluded.updated_at` },
    });
  await db.delete(metricNodeStates).where(notInArray(metricNodeStates.node, states.map((state) => state.node)));
}
