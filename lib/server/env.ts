import "server-only";
import path from "node:path";
import { z } from "zod";

// Every setting Apiary reads, checked once at boot. With nothing set, everything runs on the embedded
// defaults: PGlite, the simulated cluster and a local registry, all under APIARY_DATA_DIR.
// The README's configuration table documents exactly these variables; keep the two in step.

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine((value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, `a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}`)
    .optional();

const count = (min: number, max: number) => z.coerce.number().int("a whole number").min(min, `at least ${min}`).max(max, `at most ${max}`);

const port = z.coerce.number().int("a whole number").min(1, "a port from 1 to 65535").max(65535, "a port from 1 to 65535");

export const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: port.default(3000),
  HOST: z.string().trim().min(1).default("127.0.0.1"),
  APIARY_DATA_DIR: z.string().trim().min(1).default(".data"),
  APIARY_PUBLIC_URL: optionalUrl(["http:", "https:"]),
  DATABASE_URL: optionalUrl(["postgres:", "postgresql:"]),
  KUBECONFIG: z.string().trim().min(1).optional(),
  REGISTRY_URL: optionalUrl(["http:", "https:"]),
  APIARY_REGISTRY_PUBLIC_HOST: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:]+\](:\d{1,5})?$/, "a host or host:port, e.g. registry.example.com")
    .optional(),
  REDIS_URL: optionalUrl(["redis:", "rediss:"]),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  APIARY_SIM_PORT: port.default(6443),
  APIARY_SIM_NODES: z.coerce.number().int("a whole number").min(1, "at least 1 node").max(5000, "at most 5000 nodes").default(3),
  APIARY_REGISTRY_PORT: port.default(5000),
  // Accounts and sessions (issue 4)
  APIARY_ADMIN_EMAIL: z.string().trim().toLowerCase().pipe(z.email("an email address")).optional(),
  APIARY_ADMIN_PASSWORD: z.string().min(10, "at least 10 characters").max(256).optional(),
  APIARY_SESSION_TTL_HOURS: count(1, 24 * 90).default(12),
  APIARY_SESSION_IDLE_MINUTES: count(1, 7 * 24 * 60).default(60),
  APIARY_SIGNIN_LIMIT_PER_IP: count(1, 1_000_000).default(100),
  APIARY_SIGNIN_LIMIT_PER_ACCOUNT: count(1, 1_000_000).default(10),
  APIARY_SIGNUP_LIMIT_PER_IP: count(1, 1_000_000).default(10),
  APIARY_SIGNUP_LIMIT_PER_EMAIL: count(1, 1_000_000).default(5),
  APIARY_TRUSTED_PROXY_HOPS: count(0, 10).default(0),
  APIARY_INVITATION_TTL_DAYS: count(1, 90).default(7),
  APIARY_SECRET_KEY: z.string().min(32, "at least 32 characters").max(512).optional(),
  APIARY_SMTP_URL: optionalUrl(["smtp:", "smtps:"]),
  APIARY_MAIL_FROM: z.string().trim().min(3).max(254).default("Apiary <no-reply@apiary.invalid>"),
  // Graceful stop (issue 9): under Kubernetes' default terminationGracePeriodSeconds of 30.
  APIARY_SHUTDOWN_GRACE_SECONDS: count(1, 3600).default(25),
  // Metrics (issue 7)
  APIARY_METRICS_INTERVAL_SECONDS: count(5, 300).default(15),
  // Watch cache: Events kept per namespace, the newest (issue 9's soak: the API server keeps Events an hour).
  APIARY_WATCH_CACHE_EVENTS_PER_NAMESPACE: count(10, 100_000).default(500),
  // Billing (issue 8)
  // A tick is a transaction per tenant with running containers (about a dozen queries) and a usage window per running
  // container: at 1,000 tenants a 15 s interval meant over 10,000 queries and 30,000 rows every 15 s, on the same event loop
  // as the requests. Balances a minute old are plenty for prices per container-hour.
  APIARY_BILLING_METER_INTERVAL_SECONDS: count(1, 3600).default(60),
  APIARY_BILLING_GRACE_SECONDS: count(0, 30 * 86400).default(3600),
  APIARY_BILLING_LOW_BALANCE_MINOR: count(0, 1_000_000_000).default(500),
  APIARY_PAYMENT_TEST_SECRET: z.string().min(16, "at least 16 characters").max(256).optional(),
  // Image hub (issue 5)
  APIARY_REGISTRY_EVENTS_SECRET: z.string().min(16, "at least 16 characters").max(256).optional(),
  APIARY_REGISTRY_ANONYMOUS_PULL: z.enum(["true", "false"]).default("false").transform((value) => value === "true"),
  APIARY_REGISTRY_SERVICE: z.string().trim().min(1).max(200).default("apiary-registry"),
  APIARY_REGISTRY_TOKEN_TTL_SECONDS: count(30, 3600).default(300),
});

type ParsedEnv = z.infer<typeof EnvSchema>;

export interface Env extends ParsedEnv {
  /** APIARY_DATA_DIR made absolute, so the standalone server (which changes directory) finds the same files. */
  dataDir: string;
  /** The kubeconfig Apiary uses: KUBECONFIG, else the simulated cluster's under the data folder. */
  kubeconfigPath: string;
  /** The registry Apiary talks to: REGISTRY_URL, else the embedded one. */
  registryUrl: string;
  /** Whether the embedded PGlite database is in use (no DATABASE_URL). */
  embeddedDatabase: boolean;
}

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Apiary's configuration is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee the configuration table in README.md.`);
    this.name = "EnvError";
  }
}

/** Parses a set of variables; throws EnvError naming each wrong variable and what it expected. */
export function parseEnv(source: Record<string, string | undefined>, cwd = process.cwd()): Env {
  // Empty strings mean "not set", as in most twelve-factor apps, so `FOO= npm start` falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? "environment");
        const got = cleaned[name];
        const expected = issue.code === "invalid_value" ? `one of ${issue.values.map(String).join(", ")}` : issue.message.replace(/^Invalid input: /, "");
        return `${name}=${JSON.stringify(got ?? "")} is not valid: expected ${expected}`;
      }),
    );
  }
  const env = result.data;
  if (Boolean(env.APIARY_ADMIN_EMAIL) !== Boolean(env.APIARY_ADMIN_PASSWORD)) {
    throw new EnvError(["APIARY_ADMIN_EMAIL and APIARY_ADMIN_PASSWORD go together: set both to create the first platform admin, or neither"]);
  }
  const dataDir = path.resolve(cwd, env.APIARY_DATA_DIR);
  return {
    ...env,
    dataDir,
    kubeconfigPath: env.KUBECONFIG ? path.resolve(cwd, env.KUBECONFIG.split(path.delimiter)[0]) : path.join(dataDir, "kubeconfig"),
    registryUrl: (env.REGISTRY_URL ?? `http://127.0.0.1:${env.APIARY_REGISTRY_PORT}`).replace(/\/+$/, ""),
    embeddedDatabase: !env.DATABASE_URL,
  };
}

let cached: Env | undefined;

/** The process's configuration, parsed on first use. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests that change process.env call this so the next getEnv() reads it again. */
export function resetEnvForTests(): void {
  cached = undefined;
}
