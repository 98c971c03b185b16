import "server-only";
import { lt } from "drizzle-orm";
import type { Database } from "@/lib/server/db/database";
import { metricRollups1h, metricRollups1m } from "@/lib/server/db/schema";

// Retention (DESIGN.md § Metrics): 1-minute rollups 7 days, 1-hour rollups 90 days.

export const MINUTE_ROLLUPS_KEPT_MS = 7 * 24 * 3_600_000;
export const HOUR_ROLLUPS_KEPT_MS = 90 * 24 * 3_600_000;

export async function pruneRollups(db: Database, nowMs: number): Promise<{ minutes: number; hours: number }> {
  const minutes = await db.delete(metricRollups1m).where(lt(metricRollups1m.bucket, new Date(nowMs - MINUTE_ROLLUPS_KEPT_MS))).returning({ series: metricRollups1m.series });
  const hours = await db.delete(metricRollups1h).where(lt(metricRollups1h.bucket, new Date(nowMs - HOUR_ROLLUPS_KEPT_MS))).returning({ series: metricRollups1h.series });
  return { minutes: minutes.length, hours: hours.length };
}
