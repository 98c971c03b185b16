// `npm run admin:create -- --email ops@example.com --password '…' [--name 'Ops']`: creates a platform admin in the
// configured database (DATABASE_URL, else the embedded one under APIARY_DATA_DIR), or promotes an existing
// account and sets its password. With the embedded database, stop the running console first (PGlite is
// single-process); with PostgreSQL it can run beside it.
import { parseArgs } from "node:util";
import { createPlatformAdmin } from "../lib/server/auth/platform-admins";
import { getDatabase } from "../lib/server/db/get-database";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { email: { type: "string" }, password: { type: "string" }, name: { type: "string" } } });
  if (!values.email || !values.password) {
    console.error("Usage: npm run admin:create -- --email <email> --password <password> [--name <name>]");
    return 2;
  }
  try {
    const result = await createPlatformAdmin({ email: values.email, password: values.password, name: values.name });
    console.log(result.created ? `Created platform admin ${values.email}.` : `${values.email} already had an account; it is now a platform admin with the given password.`);
    return 0;
  } catch (error) {
    console.error(`Could not create the platform admin: ${(error as Error).message}`);
    return 1;
  } finally {
    await (await getDatabase().catch(() => null))?.close();
  }
}

process.exit(await main());
