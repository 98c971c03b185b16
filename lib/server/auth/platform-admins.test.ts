import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase, type DatabaseHandle } from "../db/database";
import { setDatabaseForTests } from "../db/get-database";
import { users } from "../db/schema";
import { bootstrapPlatformAdmin, createPlatformAdmin } from "./platform-admins";
import { verifyPassword } from "./password-hash";

// Each test file runs in its own process, so this file's configuration is read from these variables.
process.env.APIARY_ADMIN_EMAIL = "First.Admin@example.com";
process.env.APIARY_ADMIN_PASSWORD = "bootstrap password";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openDatabase({ kind: "pglite-memory" });
  await migrateDatabase(handle);
  setDatabaseForTests(handle);
});
afterAll(async () => {
  setDatabaseForTests(undefined);
  await handle?.close();
});

describe("platform admins", () => {
  it("are created at first start from APIARY_ADMIN_EMAIL, once", async () => {
    await bootstrapPlatformAdmin();
    await bootstrapPlatformAdmin();
    const admins = await handle.db.select().from(users).where(eq(users.platformAdmin, true));
    expect(admins.map((u) => u.email)).toEqual(["first.admin@example.com"]);
    expect(await verifyPassword("bootstrap password", admins[0].passwordHash)).toBe(true);
  });

  it("can be added by admin:create, promoting an existing account", async () => {
    expect(await createPlatformAdmin({ email: "second@example.com", password: "another admin pw" })).toMatchObject({ created: true });
    expect(await createPlatformAdmin({ email: "second@example.com", password: "changed admin pw" })).toMatchObject({ created: false });
    const [second] = await handle.db.select().from(users).where(eq(users.email, "second@example.com"));
    expect(second.platformAdmin).toBe(true);
    expect(await verifyPassword("changed admin pw", second.passwordHash)).toBe(true);
    await expect(createPlatformAdmin({ email: "third@example.com", password: "short" })).rejects.toThrow(/10 characters/);
  });
});
