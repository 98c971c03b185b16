// HTTP helpers the console benchmarks share: a keep-alive JSON client, a worker pool, percentiles and a reader of
// the tenant's Server-Sent Events change stream.
import http from "node:http";

// With a timeout set, the agent also honours the server's `Keep-Alive: timeout=5` hint (less a second) for idle
// sockets; without one it keeps them past the server's close and a request sent on one fails with ECONNRESET.
// Browsers retry such a request on their own; a plain Node client does not, so the idle socket is dropped first.
const agent = new http.Agent({ keepAlive: true, maxSockets: 256, timeout: 120_000 });

export interface Answer {
  status: number;
  body: any;
  headers: http.IncomingHttpHeaders;
}

export interface RequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Gives up (rejects with "timed out after N s") when the whole answer has not arrived by then. */
  timeoutMs?: number;
}

/** One request with a JSON body (PATCH as a merge patch); the answer's body parsed when it is JSON. */
export function request(url: string, init: RequestInit = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
    const contentType = init.method === "PATCH" ? "application/merge-patch+json" : "application/json";
    const req = http.request(url, {
      method: init.method ?? "GET",
      agent,
      headers: { accept: "application/json", ...(payload ? { "content-type": contentType, "content-length": String(Buffer.byteLength(payload)) } : {}), ...init.headers },
    });
    if (init.timeoutMs) {
      const timer = setTimeout(() => req.destroy(new Error(`timed out after ${init.timeoutMs! / 1000} s`)), init.timeoutMs);
      req.on("close", () => clearTimeout(timer));
    }
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString();
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON; the text is kept for the error message
        }
        resolve({ status: res.statusCode ?? 0, body, headers: res.headers });
      });
    });
    req.on("error", reject);
    req.end(payload);
  });
}

/** Runs `work` over `items` with at most `concurrency` at a time. */
export async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index], index);
      }
    }),
  );
}

/** The nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export async function waitUntil<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

export interface ChangeStream {
  /** Settles when the server answered: resolves on 200, rejects otherwise. */
  opened: Promise<void>;
  /** Settles when the stream ends for any reason but close(): the server ended it or the connection failed. */
  ended: Promise<string>;
  close(): void;
}

/** Reads the tenant's SSE stream (`headers` carry the API key or the session cookie) and calls `onNotice` with each parsed notice. */
export function openChangeStream(url: string, headers: Record<string, string>, onNotice: (notice: any) => void): ChangeStream {
  let req: http.ClientRequest | undefined;
  let closed = false;
  let ended: (reason: string) => void = () => {};
  const endedPromise = new Promise<string>((resolve) => (ended = (reason) => !closed && resolve(reason)));
  const opened = new Promise<void>((resolve, reject) => {
    req = http.get(url, { headers: { ...headers, accept: "text/event-stream" } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`change stream answered ${res.statusCode}`));
        return;
      }
      resolve();
      res.setEncoding("utf8");
      let buffer = "";
      res.on("data", (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = message
            .split("\n")
            .filter((line) => line.startsWith("data:"))
            .map((line) => line.slice(5).trimStart())
            .join("\n");
          if (data) onNotice(JSON.parse(data));
        }
      });
      res.on("end", () => ended("the server ended the stream"));
      res.on("error", (error) => ended(`stream failed: ${error.message}`));
    });
    req.on("error", (error) => {
      reject(error);
      ended(`stream failed: ${error.message}`);
    });
  });
  opened.catch(() => {});
  return {
    opened,
    ended: endedPromise,
    close: () => {
      closed = true;
      req?.destroy();
    },
  };
}

/** The console's event-loop delay since the previous read, in ms, from its own GET /api/v1/metrics (reading resets it). */
export async function readEventLoopDelay(consoleUrl: string): Promise<{ p99Ms: number; maxMs: number } | undefined> {
  const answer = await request(`${consoleUrl}/api/v1/metrics`, { headers: { accept: "text/plain" } });
  const gauge = (name: string) => {
    const match = new RegExp(`^${name} (\\S+)$`, "m").exec(String(answer.body));
    return match ? Number(match[1]) * 1000 : undefined;
  };
  const p99Ms = gauge("nodejs_eventloop_lag_p99_seconds");
  const maxMs = gauge("nodejs_eventloop_lag_max_seconds");
  return p99Ms === undefined || maxMs === undefined ? undefined : { p99Ms, maxMs };
}
