import "server-only";
import { getDatabase } from "@/lib/server/db/get-database";
import { metricNodeStates } from "@/lib/server/db/schema";
import { getMetricsService } from "./get-metrics-service";
import type { NodeScrapeState } from "./metrics-collector";

// Which nodes failed their latest scrape, for every replica: the collector's holder writes its states each cycle,
// and a replica that stands by reads them from the database.

/** The latest scrape state of every node: this process's own when it collects, else the holder's from the database. */
export async function nodeScrapeStates(): Promise<NodeScrapeState[]> {
  const service = getMetricsService();
  if (service?.holdsLease) return service.nodeStates();
  const { db } = await getDatabase();
  const rows = await db.select().from(metricNodeStates);
  return rows.map((row) => ({ node: row.node, stale: row.stale, lastSuccessMs: row.lastSuccessAt?.getTime() ?? null, lastError: row.lastError }));
}
