import { migrateDatabase, openDatabase, type DatabaseHandle } from "@/lib/server/db/database";
import { setDatabaseForTests } from "@/lib/server/db/get-database";
import { setAuthRateLimitsForTests } from "@/lib/server/http/rate-limit";
import { setKubeconfigPathForTests } from "@/lib/server/kubernetes/kube-config";
import { startFakeKubernetes, type FakeKubernetes } from "./fake-kubernetes";
import { createPostgresTestDatabase } from "./postgres-test-database";

// Route handlers under test run against a migrated PGlite database in memory and a fake Kubernetes API, both
// handed to the server through its test seams (no global configuration changes), with sign-in limits raised.

export const ORIGIN = "http://127.0.0.1:3000";

export interface ApiHarness {
  database: DatabaseHandle;
  cluster: FakeKubernetes;
  stop(): Promise<void>;
}

/** PGlite in memory by default; `{ postgres: true }` uses a fresh database on the real server (locking, concurrency). */
export async function startApiHarness(options: { postgres?: boolean } = {}): Promise<ApiHarness> {
  const postgres = options.postgres ? await createPostgresTestDatabase() : undefined;
  const database = await openDatabase(postgres ? { kind: "postgres", url: postgres.url } : { kind: "pglite-memory" });
  await migrateDatabase(database);
  setDatabaseForTests(database);
  const cluster = await startFakeKubernetes();
  setKubeconfigPathForTests(cluster.kubeconfigPath);
  setAuthRateLimitsForTests({ signInPerIp: 100_000, signInPerAccount: 100_000, signUpPerIp: 100_000, signUpPerEmail: 100_000 });
  return {
    database,
    cluster,
    async stop() {
      setDatabaseForTests(undefined);
      setKubeconfigPathForTests(undefined);
      setAuthRateLimitsForTests(undefined);
      await cluster.stop();
      await database.close();
      await postgres?.drop();
    },
  };
}

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface CallOptions {
  body?: unknown;
  /** Session token, sent as the plain-http localhost cookie. */
  session?: string;
  /** API key, sent as Authorization: Bearer. */
  apiKey?: string;
  /** Origin header; the console's own by default, `null` for none. */
  origin?: string | null;
  params?: Record<string, string>;
  headers?: Record<string, string>;
  ip?: string;
}

export interface CallResult {
  status: number;
  body: any;
  headers: Headers;
  /** The session token a Set-Cookie carried, if any. */
  sessionToken?: string;
}

/** Calls a route handler as Next would, with a Request built from the options. */
export async function call(handler: Handler, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { "x-forwarded-for": options.ip ?? "10.0.0.1", ...options.headers };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.origin !== null) headers.origin = options.origin ?? ORIGIN;
  if (options.session) headers.cookie = `apiary_session=${options.session}`;
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const request = new Request(`${ORIGIN}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("apiary_session="));
  const token = cookie?.split(";")[0].split("=")[1];
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers, sessionToken: token || undefined };
}
