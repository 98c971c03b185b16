import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { DATABASE_ENGINES } from "@/scripts/test-support/postgres-test-database";
import { useMigratedDatabase } from "@/scripts/test-support/use-migrated-database";
import { type DatabaseHandle } from "../db/database";
import { setDatabaseForTests } from "../db/get-database";
import { auditLog } from "../db/schema";
import { listAudit, recordAudit } from "./audit-log";

// The audit log is append-only in the database itself: the trigger must refuse UPDATE, DELETE and TRUNCATE on
// both engines Apiary runs on.

describe.each(DATABASE_ENGINES)("audit log on %s", (_label, prepare) => {
  let handle: DatabaseHandle;
  useMigratedDatabase(prepare, (opened) => setDatabaseForTests((handle = opened)));
  afterAll(() => setDatabaseForTests(undefined));

  it("appends records and pages through them newest first", async () => {
    const tenant = { id: "00000000-0000-4000-8000-000000000001", slug: "acme" };
    for (let i = 0; i < 5; i++) {
      await recordAudit({ actor: { kind: "anonymous", label: `u${i}@example.com` }, tenant, action: "signIn", result: i % 2 ? "failure" : "success", ip: "10.0.0.1", requestId: `r${i}` });
    }
    await recordAudit({ actor: { kind: "system" }, action: "bootstrap", result: "success" });
    const first = await listAudit({ tenantId: tenant.id, limit: 2 });
    expect(first.items.map((e) => e.requestId)).toEqual(["r4", "r3"]);
    expect(first.items[0]).toMatchObject({ actor: { type: "anonymous", label: "u4@example.com" }, tenantSlug: "acme", result: "success", ip: "10.0.0.1" });
    expect(first.items[0].at).toMatch(/Z$/);
    const second = await listAudit({ tenantId: tenant.id, limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((e) => e.requestId)).toEqual(["r2", "r1"]);
    const last = await listAudit({ tenantId: tenant.id, limit: 2, cursor: second.nextCursor! });
    expect(last.items.map((e) => e.requestId)).toEqual(["r0"]);
    expect(last.nextCursor).toBeNull();
    expect((await listAudit({ limit: 100 })).items).toHaveLength(6);
  });

  it("refuses UPDATE, DELETE and TRUNCATE, even from Apiary's own role", async () => {
    await expect(handle.db.update(auditLog).set({ result: "success" })).rejects.toThrow();
    await expect(handle.db.delete(auditLog)).rejects.toThrow();
    await expect(handle.db.execute(sql`truncate audit_log`)).rejects.toThrow();
    const error = await handle.db.execute(sql`delete from audit_log`).catch((e: Error) => e);
    expect(String((error as Error & { cause?: Error }).cause?.message ?? (error as Error).message)).toMatch(/append-only/);
    expect((await listAudit({ limit: 100 })).items).toHaveLength(6);
  });
});
