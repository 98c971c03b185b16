// The soak (issue 9, Load): 200 concurrent virtual users for 10 minutes doing what a tenant's people do in the
// console — browse lists, open charts, scale, upgrade, and keep the live change stream open — against 1,000 tenants
// signed up through the API with 3,000 Deployments and 30,000 pods on the simulated cluster. The console is the
// built standalone server in its own process on a fresh PostgreSQL database (127.0.0.1:5432), with its watch
// cache, metrics collector and billing meter running as in production. Figures: requests, error rate (any answer
// but the expected 2xx, any network error or timeout, any change stream the server ended), p50/p95/p99 per
// operation, SSE notices received, and the server's resident memory sampled every 10 s with its growth after
// warm-up. `npm run bench -- soak [--minutes 10] [--users 200]`; BENCH_TENANTS / BENCH_NODES for smaller runs.
import fs from "node:fs";
import os from "node:os";
import { createPostgresTestDatabase } from "../scripts/test-support/postgres-test-database";
import type { BenchFigure, BenchResult } from "./run";
import { openChangeStream, percentile, request, type Answer, type ChangeStream } from "./support/http";
import { createApiKeys, deployWorkloads, signUpTenants, startStack, waitForConsoleToList, type BenchTenant } from "./support/seed-tenants";

const TENANTS = Number(process.env.BENCH_TENANTS ?? 1000);
const NODES = Number(process.env.BENCH_NODES ?? 300);
const DEPLOYMENTS_PER_TENANT = 3;
const REPLICAS = 10;
/** 30 pods plus room for a rolling update's surge (25 % of 10 rounds up to 3) on two workloads at once. */
const POD_QUOTA = 40;
/** The share of virtual users whose console tab keeps the tenant's change stream open. */
const SSE_SHARE = 0.2;
/** A user waits this long between two screens (uniform), as a person reads a page before the next click. */
const THINK_MS = { min: 2_000, max: 8_000 };
/** Screens a user visits in one tenant before switching to the next of their tenants (uniform). */
const SCREENS_PER_VISIT = { min: 5, max: 15 };
const REQUEST_TIMEOUT_MS = 60_000;
const RSS_SAMPLE_MS = 10_000;
const IMAGES = ["nginx:1.27", "nginx:1.28"];

interface Options {
  minutes: number;
  users: number;
}

function parseOptions(args: string[]): Options {
  const options: Options = { minutes: 10, users: 200 };
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], Number(args[i + 1])];
    if ((flag !== "--minutes" && flag !== "--users") || !(value > 0)) throw new Error(`usage: npm run bench -- soak [--minutes 10] [--users 200] (got ${args.join(" ")})`);
    options[flag === "--minutes" ? "minutes" : "users"] = value;
  }
  return options;
}

/** A tenant as its virtual users see it: how they authenticate, and what its workloads run now. */
interface SoakTenant extends BenchTenant {
  auth: "api-key" | "session";
  /** Headers of a read; writes add `origin` for a session, as the browser does. */
  headers: Record<string, string>;
  replicas: number[];
  images: string[];
}

const random = (min: number, max: number) => min + Math.random() * (max - min);
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resident memory of a process in MiB, from /proc/<pid>/status (VmRSS). */
function rssMiB(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** What the console's own /api/v1/metrics says of its memory and watch cache (Prometheus text). */
interface ServerGauges {
  heapUsedMiB?: number;
  externalMiB?: number;
  sseConnections?: number;
  /** Objects the watch cache holds, by kind. */
  cached: Record<string, number>;
}

function parseServerGauges(text: string): ServerGauges {
  const gauges: ServerGauges = { cached: {} };
  for (const line of text.split("\n")) {
    const match = /^([a-z_]+)(?:\{kind="([^"]+)"\})? (\S+)$/.exec(line);
    if (!match) continue;
    const [, name, kind, value] = match;
    if (name === "nodejs_heap_size_used_bytes") gauges.heapUsedMiB = Number(value) / 2 ** 20;
    else if (name === "nodejs_external_memory_bytes") gauges.externalMiB = Number(value) / 2 ** 20;
    else if (name === "apiary_sse_connections") gauges.sseConnections = Number(value);
    else if (name === "apiary_watch_cache_objects" && kind) gauges.cached[kind] = Number(value);
  }
  return gauges;
}

class Recorder {
  readonly latencies = new Map<string, number[]>();
  readonly errors = new Map<string, number>();
  requests = 0;
  failed = 0;
  notices = 0;
  streamsOpened = 0;

  error(description: string): void {
    this.failed++;
    this.errors.set(description, (this.errors.get(description) ?? 0) + 1);
  }

  /** Sends one request of `operation`; a status other than `expected`, a network error or a timeout is an error. */
  async send(operation: string, url: string, init: Parameters<typeof request>[1] & {}, expected = 200): Promise<Answer | undefined> {
    const started = performance.now();
    this.requests++;
    try {
      const answer = await request(url, { timeoutMs: REQUEST_TIMEOUT_MS, ...init });
      this.time(operation, performance.now() - started);
      if (answer.status !== expected) {
        const code = typeof answer.body === "object" && answer.body ? (answer.body.error?.code ?? answer.body.code ?? "") : String(answer.body).slice(0, 80);
        this.error(`${operation}: ${answer.status} ${code}`.trim());
        return undefined;
      }
      return answer;
    } catch (error) {
      this.error(`${operation}: ${(error as Error).message}`);
      return undefined;
    }
  }

  time(operation: string, ms: number): void {
    let list = this.latencies.get(operation);
    if (!list) this.latencies.set(operation, (list = []));
    list.push(ms);
  }
}

/** The screens of the console and the requests each one sends (those of one screen go out together, as its queries do). */
function screens(consoleUrl: string, recorder: Recorder) {
  const base = (tenant: SoakTenant) => `${consoleUrl}/api/v1/tenants/${tenant.slug}`;
  const get = (operation: string, tenant: SoakTenant, path: string) => recorder.send(operation, `${base(tenant)}${path}`, { headers: tenant.headers });
  const writeHeaders = (tenant: SoakTenant) => (tenant.auth === "session" ? { ...tenant.headers, origin: consoleUrl } : tenant.headers);
  const workload = () => Math.floor(Math.random() * DEPLOYMENTS_PER_TENANT);
  const range = () => pick(["1h", "24h"]);
  return [
    { weight: 25, visit: (t: SoakTenant) => get("GET deployments", t, "/deployments") },
    {
      weight: 18,
      visit: async (t: SoakTenant) => {
        const name = `web-${workload()}`;
        await Promise.all([get("GET deployment", t, `/deployments/${name}`), get("GET deployment pods", t, `/deployments/${name}/pods`), get("GET deployment events", t, `/deployments/${name}/events`)]);
      },
    },
    { weight: 8, visit: (t: SoakTenant) => get("GET repositories", t, "/repositories") },
    {
      weight: 10,
      visit: async (t: SoakTenant) => {
        await Promise.all([get("GET billing balance", t, "/billing/balance"), get("GET billing transactions", t, "/billing/transactions")]);
      },
    },
    {
      weight: 10,
      visit: (t: SoakTenant) => {
        const r = range();
        return get(`GET tenant metrics ${r}`, t, `/metrics?target=tenant&range=${r}`);
      },
    },
    {
      weight: 13,
      visit: (t: SoakTenant) => {
        const r = range();
        return get(`GET workload metrics ${r}`, t, `/metrics?target=deployment/web-${workload()}&range=${r}`);
      },
    },
    {
      weight: 11,
      visit: async (t: SoakTenant) => {
        const d = workload();
        const replicas = t.replicas[d] === REPLICAS ? REPLICAS - 1 : REPLICAS;
        const answer = await recorder.send("PATCH deployment (scale)", `${base(t)}/deployments/web-${d}`, { method: "PATCH", headers: writeHeaders(t), body: { replicas } });
        if (answer) t.replicas[d] = replicas;
      },
    },
    {
      weight: 5,
      visit: async (t: SoakTenant) => {
        const d = workload();
        const image = IMAGES[(IMAGES.indexOf(t.images[d]) + 1) % IMAGES.length];
        const answer = await recorder.send("POST deployment rollout (upgrade)", `${base(t)}/deployments/web-${d}/rollout`, { method: "POST", headers: writeHeaders(t), body: { image } });
        if (answer) t.images[d] = image;
      },
    },
  ];
}

export default async function soakBench(args: string[]): Promise<BenchResult> {
  const options = parseOptions(args);
  const database = await createPostgresTestDatabase();
  const stack = await startStack({ name: "soak", nodes: NODES, consoleEnv: { DATABASE_URL: database.url } });
  try {
    const { consoleUrl, consolePid } = stack;
    const { tenants: signedUp, seconds: signupSeconds } = await signUpTenants(consoleUrl, TENANTS);
    const { pods, readySeconds } = await deployWorkloads(stack, signedUp, { deploymentsPerTenant: DEPLOYMENTS_PER_TENANT, replicas: REPLICAS, podQuota: POD_QUOTA });
    // Half the tenants are used through developer API keys (scripts, CI), the other half through the owner's session.
    const keyed = signedUp.filter((_, i) => i % 2 === 0);
    const keys = await createApiKeys(consoleUrl, keyed, "developer");
    const tenants = signedUp.map((tenant, i): SoakTenant => {
      const key = i % 2 === 0 ? keys[i / 2] : undefined;
      return {
        ...tenant,
        auth: key ? "api-key" : "session",
        headers: key ? { authorization: `Bearer ${key}` } : { cookie: tenant.cookie } as Record<string, string>,
        replicas: Array.from({ length: DEPLOYMENTS_PER_TENANT }, () => REPLICAS),
        images: Array.from({ length: DEPLOYMENTS_PER_TENANT }, () => IMAGES[0]),
      };
    });
    await waitForConsoleToList(consoleUrl, tenants.slice(0, 20), DEPLOYMENTS_PER_TENANT);
    console.log(`soak: ${options.users} users for ${options.minutes} min over ${TENANTS} tenants`);

    const recorder = new Recorder();
    const menu = screens(consoleUrl, recorder);
    const totalWeight = menu.reduce((sum, s) => sum + s.weight, 0);
    const chooseScreen = () => {
      let roll = Math.random() * totalWeight;
      for (const screen of menu) if ((roll -= screen.weight) < 0) return screen;
      return menu[menu.length - 1];
    };

    const durationMs = options.minutes * 60_000;
    const startedAt = performance.now();
    const endsAt = startedAt + durationMs;
    // Every 10 s: the server's RSS from /proc, and what its /api/v1/metrics says (heap, watch cache objects), as an
    // operator's scraper would read it — the latter counts as a request of its own.
    const rss: { seconds: number; mib: number }[] = [];
    const gauges: ({ seconds: number } & ServerGauges)[] = [];
    const round = (value: number | undefined) => (value === undefined ? undefined : Number(value.toFixed(1)));
    const sample = async () => {
      const seconds = Math.round((performance.now() - startedAt) / 1000);
      const mib = rssMiB(consolePid);
      if (mib !== undefined) rss.push({ seconds, mib: Number(mib.toFixed(1)) });
      const answer = await recorder.send("GET metrics (the operator's scraper)", `${consoleUrl}/api/v1/metrics`, { headers: { accept: "text/plain" } });
      if (answer) {
        const parsed = parseServerGauges(String(answer.body));
        gauges.push({ seconds, ...parsed, heapUsedMiB: round(parsed.heapUsedMiB), externalMiB: round(parsed.externalMiB) });
      }
    };
    await sample();
    const sampler = setInterval(() => {
      void sample().then(() => {
        const last = rss.at(-1);
        const cached = Object.values(gauges.at(-1)?.cached ?? {}).reduce((sum, n) => sum + n, 0);
        process.stdout.write(`\r${last?.seconds ?? 0} s: ${recorder.requests} requests, ${recorder.failed} errors, ${recorder.notices} notices, RSS ${last?.mib.toFixed(0)} MiB, heap ${gauges.at(-1)?.heapUsedMiB?.toFixed(0)} MiB, ${cached} cached objects   `);
      });
    }, RSS_SAMPLE_MS);

    // User v works for tenants v, v + users, v + 2·users, …, so every tenant is visited and no two users write to the
    // same tenant; a user of the SSE share holds the tenant's change stream open for the whole visit.
    const sseUsers = Math.round(options.users * SSE_SHARE);
    const user = async (v: number) => {
      const spread = tenants.filter((_, i) => i % options.users === v);
      const own = spread.length ? spread : [tenants[v % tenants.length]]; // fewer tenants than users (a short run)
      const holdsStream = v < sseUsers;
      await sleep(random(0, THINK_MS.max)); // users arrive spread over the first seconds, not in one burst
      for (let visit = 0; performance.now() < endsAt; visit++) {
        const tenant = own[visit % own.length];
        let stream: ChangeStream | undefined;
        if (holdsStream) {
          const opening = performance.now();
          recorder.requests++;
          stream = openChangeStream(`${consoleUrl}/api/v1/tenants/${tenant.slug}/events`, tenant.headers, () => recorder.notices++);
          try {
            await stream.opened;
            recorder.time("GET events (SSE, until open)", performance.now() - opening);
            recorder.streamsOpened++;
            stream.ended.then((reason) => recorder.error(`GET events (SSE): ${reason}`));
          } catch (error) {
            recorder.error(`GET events (SSE): ${(error as Error).message}`);
            stream = undefined;
          }
        }
        const screensThisVisit = Math.round(random(SCREENS_PER_VISIT.min, SCREENS_PER_VISIT.max));
        for (let s = 0; s < screensThisVisit && performance.now() < endsAt; s++) {
          await chooseScreen().visit(tenant);
          await sleep(Math.min(random(THINK_MS.min, THINK_MS.max), Math.max(0, endsAt - performance.now())));
        }
        stream?.close();
      }
    };
    await Promise.all(Array.from({ length: options.users }, (_, v) => user(v)));
    clearInterval(sampler);
    await sample();
    console.log("");
    const seconds = (performance.now() - startedAt) / 1000;

    // Memory after warm-up: the first 20 % of the run (2 of 10 minutes) is excluded. The V8 heap of a server under
    // this load is a sawtooth (in the runs so far it climbs ~500 MiB of garbage over 80–120 s, then a full
    // collection returns it), and RSS follows it up and, lagging, down. So growth compares the mean RSS of the last
    // third of the steady samples with that of the first third (each 2.7 min at 10 min, longer than one tooth),
    // and what stays alive is read where the sawtooth bottoms out: the lowest heap used in each third, just after
    // a full collection. The mean of the 3 first and 3 last samples, which catches the teeth wherever they stand,
    // is recorded beside it.
    const warmupSeconds = (durationMs / 1000) * 0.2;
    const steady = rss.filter((s) => s.seconds >= warmupSeconds);
    const mean = (samples: { mib: number }[]) => samples.reduce((sum, s) => sum + s.mib, 0) / samples.length;
    const third = Math.max(1, Math.floor(steady.length / 3));
    const rssAfterWarmup = mean(steady.slice(0, third));
    const rssAtEnd = mean(steady.slice(-third));
    const growthPercent = ((rssAtEnd - rssAfterWarmup) / rssAfterWarmup) * 100;
    const endsGrowthPercent = ((mean(steady.slice(-3)) - mean(steady.slice(0, 3))) / mean(steady.slice(0, 3))) * 100;
    const steadyGauges = gauges.filter((g) => g.seconds >= warmupSeconds);
    const [gaugesAfterWarmup, gaugesAtEnd] = [steadyGauges[0], steadyGauges.at(-1)];
    const lowestHeap = (samples: ServerGauges[]) => Math.min(...samples.map((g) => g.heapUsedMiB ?? Infinity));
    const gaugeThird = Math.max(1, Math.floor(steadyGauges.length / 3));
    const [liveHeapFirst, liveHeapLast] = [lowestHeap(steadyGauges.slice(0, gaugeThird)), lowestHeap(steadyGauges.slice(-gaugeThird))];
    const cachedTotal = (g: ServerGauges | undefined) => Object.values(g?.cached ?? {}).reduce((sum, n) => sum + n, 0);
    const gaugeFigures: BenchFigure[] =
      gaugesAfterWarmup && gaugesAtEnd
        ? [
            { name: "server V8 heap used after warm-up (its /api/v1/metrics)", value: gaugesAfterWarmup.heapUsedMiB ?? NaN, unit: "MiB" },
            { name: "server V8 heap used at the end", value: gaugesAtEnd.heapUsedMiB ?? NaN, unit: "MiB" },
            { name: "server heap still alive, first third after warm-up (lowest heap used)", value: liveHeapFirst, unit: "MiB" },
            { name: "server heap still alive, last third (lowest heap used)", value: liveHeapLast, unit: "MiB" },
            { name: "server heap still alive, growth", value: ((liveHeapLast - liveHeapFirst) / liveHeapFirst) * 100, unit: "%" },
            { name: "watch cache objects after warm-up", value: cachedTotal(gaugesAfterWarmup), unit: "" },
            { name: "watch cache objects at the end", value: cachedTotal(gaugesAtEnd), unit: "" },
          ]
        : [];

    const operations = [...recorder.latencies.keys()].sort();
    const perOperation: BenchFigure[] = operations.flatMap((operation) => {
      const values = recorder.latencies.get(operation)!;
      return [
        { name: `${operation} p50 (${values.length} requests)`, value: percentile(values, 50), unit: "ms" },
        { name: `${operation} p95`, value: percentile(values, 95), unit: "ms" },
        { name: `${operation} p99`, value: percentile(values, 99), unit: "ms" },
      ];
    });
    const errors = Object.fromEntries([...recorder.errors.entries()].sort((a, b) => b[1] - a[1]));
    if (recorder.failed) console.log("errors:", errors);
    const errorList = Object.entries(errors)
      .map(([what, count]) => `${what} (×${count})`)
      .join("; ");
    return {
      notes:
        `${TENANTS} tenants signed up through POST /api/v1/signup, ${TENANTS * DEPLOYMENTS_PER_TENANT} Deployments × ${REPLICAS} replicas (${pods} pods) on ${NODES} simulated nodes; the console is the built standalone server in its own process on a fresh PostgreSQL database, with its watch cache, metrics collector (every 15 s) and billing meter running. ` +
        `${options.users} virtual users for ${options.minutes} min; user v works for tenants v, v+${options.users}, … in turn (${SCREENS_PER_VISIT.min}–${SCREENS_PER_VISIT.max} screens a visit, ${THINK_MS.min / 1000}–${THINK_MS.max / 1000} s between screens), half the tenants through developer API keys and half through the owner's session cookie; ${sseUsers} users (${SSE_SHARE * 100} %) hold the tenant's change stream (SSE) open for each visit. ` +
        `Screens by weight: deployment list 25, workload page (detail + pods + events) 18, repositories 8, billing (balance + transactions) 10, tenant chart 10 and workload chart 13 (1h or 24h), scale ±1 replica 11, upgrade (rollout to the other of nginx:1.27/1.28) 5. ` +
        `An error is any answer but 200, a network error, a ${REQUEST_TIMEOUT_MS / 1000} s timeout, or a change stream the server ended; ${recorder.failed ? `seen: ${errorList}` : "none seen"}. ` +
        `Server RSS from /proc/<pid>/status every ${RSS_SAMPLE_MS / 1000} s, with the heap and the watch cache's object count from the server's own GET /api/v1/metrics at the same moments; growth compares the mean RSS of the last third of the samples after the warm-up (first 20 % of the run) with that of the first third; the heap still alive is the lowest heap used in each third (just after a full collection). Load average at the end: ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join("/")} on ${os.cpus().length} cores shared with other work.`,
      parameters: {
        tenants: TENANTS,
        deployments: TENANTS * DEPLOYMENTS_PER_TENANT,
        pods,
        nodes: NODES,
        users: options.users,
        minutes: options.minutes,
        sseUsers,
        signupSeconds: Number(signupSeconds.toFixed(1)),
        podsReadySeconds: Number(readySeconds.toFixed(1)),
        errors,
        rssSamples: rss,
        watchCacheAfterWarmup: gaugesAfterWarmup?.cached,
        watchCacheAtEnd: gaugesAtEnd?.cached,
        serverGaugeSamples: gauges.map(({ cached, ...rest }) => ({ ...rest, cachedObjects: cachedTotal({ cached }) })),
      },
      figures: [
        { name: "requests", value: recorder.requests, unit: "" },
        { name: "requests per second", value: recorder.requests / seconds, unit: "/s" },
        { name: "errors", value: recorder.failed, unit: "" },
        { name: "error rate", value: recorder.requests ? (recorder.failed / recorder.requests) * 100 : 0, unit: "%", target: { op: "<=", value: 0 } },
        { name: "change streams opened", value: recorder.streamsOpened, unit: "" },
        { name: "SSE notices received", value: recorder.notices, unit: "" },
        ...perOperation,
        { name: "server RSS after warm-up (mean of the first third)", value: rssAfterWarmup, unit: "MiB" },
        { name: "server RSS at the end (mean of the last third)", value: rssAtEnd, unit: "MiB" },
        { name: "server RSS peak", value: Math.max(...rss.map((s) => s.mib)), unit: "MiB" },
        { name: "server memory growth after warm-up", value: growthPercent, unit: "%", target: { op: "<=", value: 10 } },
        { name: "server memory growth, mean of the 3 last vs the 3 first samples (GC phase decides it)", value: endsGrowthPercent, unit: "%" },
        ...gaugeFigures,
      ],
    };
  } finally {
    await stack.stop();
    await database.drop();
  }
}
