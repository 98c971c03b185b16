import { describe, expect, it } from "vitest";
import { type DatabaseHandle } from "@/lib/server/db/database";
import { metricNodeStates } from "@/lib/server/db/schema";
import { DATABASE_ENGINES } from "@/scripts/test-support/postgres-test-database";
import { useMigratedDatabase } from "@/scripts/test-support/use-migrated-database";
import type { NodeScrapeState } from "./metrics-collector";
import { writeNodeScrapeStates } from "./write-node-scrape-states";

// What a standby replica reads to say which nodes are stale: the holder's latest states, nodes gone removed.

const T = Date.UTC(2026, 11, 4, 10, 0, 0);

describe.each(DATABASE_ENGINES)("node scrape states on %s", (_label, prepare) => {
  let handle: DatabaseHandle;
  useMigratedDatabase(prepare, (opened) => (handle = opened));

  async function stored(): Promise<NodeScrapeState[]> {
    const rows = await handle.db.select().from(metricNodeStates);
    return rows
      .map((row) => ({ node: row.node, stale: row.stale, lastSuccessMs: row.lastSuccessAt?.getTime() ?? null, lastError: row.lastError }))
      .sort((a, b) => a.node.localeCompare(b.node));
  }

  it("stores each node's state, replaces it the next cycle and drops nodes no longer listed", async () => {
    const first: NodeScrapeState[] = [
      { node: "node-a", stale: false, lastSuccessMs: T, lastError: null },
      { node: "node-b", stale: true, lastSuccessMs: T - 15_000, lastError: 'node node-b did not answer within 5000 ms, "quoted" \\ path' },
      { node: "node-c", stale: true, lastSuccessMs: null, lastError: "node node-c answered 503" },
    ];
    await writeNodeScrapeStates(handle.db, first);
    expect(await stored()).toEqual(first);

    const second: NodeScrapeState[] = [
      { node: "node-a", stale: true, lastSuccessMs: T, lastError: "node node-a answered 500" },
      { node: "node-b", stale: false, lastSuccessMs: T + 15_000, lastError: null },
    ];
    await writeNodeScrapeStates(handle.db, second);
    expect(await stored()).toEqual(second);

    await writeNodeScrapeStates(handle.db, []);
    expect(await stored()).toEqual([]);
  });
});
