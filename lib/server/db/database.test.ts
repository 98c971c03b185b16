import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createPostgresTestDatabase, DATABASE_ENGINES } from "@/scripts/test-support/postgres-test-database";
import { useMigratedDatabase } from "@/scripts/test-support/use-migrated-database";
import { DatabaseLockedError, listTables, migrateDatabase, openDatabase, type DatabaseHandle } from "./database";
import { releaseLease, tryAcquireLease } from "./leases";

// The same migrations and queries run on PGlite (the embedded default and the fast unit-test database) and on
// the real PostgreSQL server, so a query that only works on one of them fails here.

describe.each(DATABASE_ENGINES)("database on %s", (_label, prepare) => {
  let handle: DatabaseHandle;
  useMigratedDatabase(prepare, (opened) => (handle = opened));

  it("creates the schema from the checked-in migrations", async () => {
    expect(await listTables(handle)).toContain("leases");
  });

  it("runs the migrations again without changing anything", async () => {
    await migrateDatabase(handle);
    expect(await listTables(handle)).toContain("leases");
  });

  it("gives a lease to one holder at a time and hands it over when released", async () => {
    const first = await tryAcquireLease(handle.db, "collector", "replica-a", 30_000);
    expect(first).toMatchObject({ holder: "replica-a", epoch: 1 });
    expect(await tryAcquireLease(handle.db, "collector", "replica-b", 30_000)).toBeNull();
    const renewed = await tryAcquireLease(handle.db, "collector", "replica-a", 30_000);
    expect(renewed?.epoch).toBe(1);
    await releaseLease(handle.db, "collector", "replica-a");
    const takeover = await tryAcquireLease(handle.db, "collector", "replica-b", 30_000);
    expect(takeover).toMatchObject({ holder: "replica-b", epoch: 2 });
  });

  it("lets exactly one of many concurrent contenders win a free lease", async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => tryAcquireLease(handle.db, "billing-meter", `replica-${i}`, 30_000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe("migrations on PostgreSQL from several replicas at once", () => {
  it("apply once while the others wait", async () => {
    const database = await createPostgresTestDatabase();
    const handles = await Promise.all([1, 2, 3].map(() => openDatabase({ kind: "postgres", url: database.url, poolSize: 2 })));
    try {
      await Promise.all(handles.map((h) => migrateDatabase(h)));
      const result = await handles[0].db.execute("select count(*)::int as n from drizzle.__drizzle_migrations");
      const rows = (result as unknown as { rows: { n: number }[] }).rows;
      const files = fs.readdirSync(path.join(process.cwd(), "lib/server/db/migrations")).filter((f) => f.endsWith(".sql"));
      expect(rows[0].n).toBe(files.length);
    } finally {
      await Promise.all(handles.map((h) => h.close()));
      await database.drop();
    }
  });
});

describe("embedded database folder", () => {
  it("refuses a second process with a clear error instead of losing writes", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apiary-pglite-"));
    const dataDir = path.join(dir, "pglite");
    // A live process other than this one holds the folder: the parent of this test process.
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(`${dataDir}.lock`, String(process.ppid));
    await expect(openDatabase({ kind: "pglite", dataDir })).rejects.toThrow(DatabaseLockedError);
    await expect(openDatabase({ kind: "pglite", dataDir })).rejects.toThrow(/already in use by process \d+/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps data across a restart and takes over a lock left by a dead process", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apiary-pglite-"));
    const dataDir = path.join(dir, "pglite");
    const first = await openDatabase({ kind: "pglite", dataDir });
    await migrateDatabase(first);
    await tryAcquireLease(first.db, "collector", "replica-a", 60_000);
    await first.close();
    fs.writeFileSync(`${dataDir}.lock`, "999999999"); // no such process
    const second = await openDatabase({ kind: "pglite", dataDir });
    expect(await tryAcquireLease(second.db, "collector", "replica-b", 60_000)).toBeNull();
    await second.close();
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
