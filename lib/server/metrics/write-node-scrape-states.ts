import "server-only";
import { sql } from "drizzle-orm";
import { textArrayLiteral } from "@/lib/server/db/array-literal";
import type { Database } from "@/lib/server/db/database";
import { metricNodeStates } from "@/lib/server/db/schema";
import type { NodeScrapeState } from "./metrics-collector";

// The collector's holder records each cycle which nodes failed their scrape, so a replica that stands by can say
// so too (node-scrape-states.ts reads them).

/** Replaces the stored states with this cycle's (nodes gone from the cluster are removed): two statements over column
 *  arrays, whatever the number of nodes. */
export async function writeNodeScrapeStates(db: Database, states: readonly NodeScrapeState[]): Promise<void> {
  if (states.length === 0) {
    await db.delete(metricNodeStates);
    return;
  }
  const nodes = textArrayLiteral(states.map((state) => state.node));
  const stale = textArrayLiteral(states.map((state) => String(state.stale)));
  const lastSuccess = textArrayLiteral(states.map((state) => (state.lastSuccessMs === null ? null : new Date(state.lastSuccessMs).toISOString())));
  const lastError = textArrayLiteral(states.map((state) => state.lastError));
  await db.execute(sql`
    insert into metric_node_states (node, stale, last_success_at, last_error, updated_at)
    select node, stale, last_success_at, last_error, ${new Date().toISOString()}::timestamptz
    from unnest(${nodes}::text[], ${stale}::boolean[], ${lastSuccess}::timestamptz[], ${lastError}::text[]) as s(node, stale, last_success_at, last_error)
    on conflict (node) do update set stale = excluded.stale, last_success_at = excluded.last_success_at, last_error = excluded.last_error, updated_at = excluded.updated_at`);
  await db.execute(sql`delete from metric_node_states where node <> all(${nodes}::text[])`);
}
