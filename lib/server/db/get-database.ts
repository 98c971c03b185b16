import "server-only";
import path from "node:path";
import { getEnv } from "@/lib/server/env";
import { logger } from "@/lib/server/logger";
import { migrateDatabase, openDatabase, type DatabaseHandle } from "./database";

// One database per process, kept on globalThis: Next loads server modules once for instrumentation (the metrics
// collector, the billing meter) and again for the route handlers. A module-level handle would open PGlite twice on
// one folder, and each copy would see only its own writes (the meter found no tenants that sign-up had created).
const KEY = Symbol.for("apiary.database");
type Holder = { [KEY]?: Promise<DatabaseHandle> };
const holder = globalThis as Holder;

/**
 * Tests hand the server an already migrated database (usually PGlite in memory) instead of the configured one;
 * `undefined` goes back to the configuration.
 */
export function setDatabaseForTests(handle: DatabaseHandle | undefined): void {
  holder[KEY] = handle ? Promise.resolve(handle) : undefined;
}

/**
 * The server's database, opened and migrated once per process: PostgreSQL when DATABASE_URL is set, else
 * PGlite under the data folder. A failure is not cached, so readiness recovers when the database comes back.
 */
export function getDatabase(): Promise<DatabaseHandle> {
  const opening = (holder[KEY] ??= (async () => {
    const env = getEnv();
    const handle = env.DATABASE_URL
      ? await openDatabase({ kind: "postgres", url: env.DATABASE_URL })
      : await openDatabase({ kind: "pglite", dataDir: path.join(env.dataDir, "pglite") });
    try {
      await migrateDatabase(handle);
    } catch (error) {
      await handle.close().catch(() => {});
      throw error;
    }
    logger().info({ database: handle.kind }, "database ready");
    return handle;
  })().catch((error) => {
    if (holder[KEY] === opening) holder[KEY] = undefined;
    throw error;
  }));
  return opening;
}
