import { randomBytes } from "node:crypto";
import pg from "pg";
import type { DatabaseTarget } from "../../lib/server/db/database";

/** The real PostgreSQL server on these machines (trust auth); CI starts it when it is down. */
export const TEST_POSTGRES_URL = process.env.APIARY_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/**
 * Creates an empty database on the real server for one test file, so suites can run in parallel and start
 * from nothing, and returns its URL with a function that drops it.
 */
export async function createPostgresTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `apiary_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * The two engines Apiary runs on, for `describe.each`: PGlite (the embedded default) and the real PostgreSQL
 * server. Each entry prepares a fresh, empty database and says how to remove it.
 */
export const DATABASE_ENGINES: [string, () => Promise<{ target: DatabaseTarget; cleanup(): Promise<void> }>][] = [
  ["PGlite in memory", async () => ({ target: { kind: "pglite-memory" }, cleanup: async () => {} })],
  [
    "PostgreSQL on 127.0.0.1:5432",
    async () => {
      const database = await createPostgresTestDatabase();
      return { target: { kind: "postgres", url: database.url }, cleanup: database.drop };
    },
  ],
];
