import { afterAll, beforeAll } from "vitest";
import { migrateDatabase, openDatabase, type DatabaseHandle } from "@/lib/server/db/database";
import type { DATABASE_ENGINES } from "./postgres-test-database";

/**
 * For a `describe.each(DATABASE_ENGINES)` block: opens a fresh database of that engine and migrates it before the
 * block's tests, hands it to `onOpen`, and closes and removes it after them.
 */
export function useMigratedDatabase(prepare: (typeof DATABASE_ENGINES)[number][1], onOpen: (handle: DatabaseHandle) => void): void {
  let handle: DatabaseHandle | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const prepared = await prepare();
    cleanup = prepared.cleanup;
    handle = await openDatabase(prepared.target);
    await migrateDatabase(handle);
    onOpen(handle);
  });
  afterAll(async () => {
    await handle?.close();
    await cleanup?.();
  });
}
