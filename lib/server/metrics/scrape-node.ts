import "server-only";
import http from "node:http";
import https from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";
import { createCadvisorReader, type NodeReading } from "./read-cadvisor";
import { AnswerTimeout, ScrapeConnectionPool, type BodySink, type PoolTarget } from "./scrape-connection-pool";

// One node's cAdvisor metrics through the API server's node proxy (`/api/v1/nodes/{node}/proxy/metrics/cadvisor`),
// as Prometheus' kubernetes-cadvisor job reads them. The body is parsed as it streams in, so a node's text is never
// held whole (nor decoded into a string); a node that does not answer within the timeout fails this scrape alone.

export class ScrapeError extends Error {}

/** Keep-alive connections kept by the collector from cycle to cycle: every node is read through the same API server,
 *  so the scrapes reuse a few connections instead of opening one per node, or 16 per cycle. Once prepared, scrapes go
 *  through `pool` (a client of the scrapes' own, with a reused read buffer per connection: about 0.7 s of CPU less per
 *  500-node cycle than node:https, whose agents are kept for callers that only set `options`). A connection the
 *  server closed while it sat idle between cycles is retried once. `options` are the kubeconfig's credentials and
 *  TLS settings, read once per cycle (prepareScrapeAgents) rather than per node. */
export interface ScrapeAgents {
  http: http.Agent;
  https: https.Agent;
  options?: https.RequestOptions;
  /** The scrapes' own keep-alive client (see scrape-connection-pool.ts), which the cycle's scrapes go through. */
  pool: ScrapeConnectionPool;
  /** This cycle's API server and TLS settings, and the headers every scrape sends, as prepareScrapeAgents read them. */
  target?: { server: string; pool: PoolTarget; headers: Record<string, string> };
  destroy(): void;
}

/** An idle connection is closed after `idleMs`, so agents of a collector that lost its lease hold nothing for long. */
export function createScrapeAgents(maxSockets: number, idleMs = 60_000): ScrapeAgents {
  const options = { keepAlive: true, maxSockets, timeout: idleMs };
  const agents = { http: new http.Agent(options), https: new https.Agent(options), pool: new ScrapeConnectionPool(maxSockets, idleMs) };
  return { ...agents, destroy: () => (agents.http.destroy(), agents.https.destroy(), agents.pool.destroy()) };
}

/** Reads the kubeconfig's credentials for this cycle's scrapes (exec plugins' tokens are refreshed here). */
export async function prepareScrapeAgents(agents: ScrapeAgents, kubeConfig: KubeConfig): Promise<void> {
  const options: https.RequestOptions = {};
  await kubeConfig.applyToHTTPSOptions(options);
  agents.options = options;
  const cluster = kubeConfig.getCurrentCluster();
  agents.target = cluster ? poolTarget(cluster.server, options) : undefined;
}

function poolTarget(server: string, options: https.RequestOptions): NonNullable<ScrapeAgents["target"]> {
  const url = new URL(server);
  // What https.request would take from the options beyond TLS: the agent (kubeconfig's own), credentials as headers.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { headers: given, agent, auth, timeout, method, ...tlsOptions } = options;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(given ?? {})) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : String(value);
  if (auth) headers.Authorization = `Basic ${Buffer.from(auth).toString("base64")}`;
  headers.Accept = "text/plain";
  const protocol = url.protocol === "http:" ? "http:" : "https:";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const port = url.port ? Number(url.port) : protocol === "http:" ? 80 : 443;
  return { server: server.replace(/\/+$/, ""), pool: { protocol, host, port, tls: tlsOptions as PoolTarget["tls"] }, headers };
}

export async function scrapeNode(kubeConfig: KubeConfig, node: string, timeoutMs: number, signal?: AbortSignal, agents?: ScrapeAgents): Promise<NodeReading> {
  if (agents?.target) return scrapeThroughPool(agents, agents.target, node, timeoutMs, signal);
  try {
    return await scrapeOnce(kubeConfig, node, timeoutMs, signal, agents);
  } catch (error) {
    // A kept-alive connection the API server closed just as it was reused: once more, on a new connection.
    const failure = error as { code?: string; reusedSocket?: boolean };
    if (agents && failure.reusedSocket && failure.code === "ECONNRESET") return scrapeOnce(kubeConfig, node, timeoutMs, signal, undefined);
    throw error;
  }
}

/** Through the agents' own client: the body's bytes are parsed straight out of each connection's read buffer. */
async function scrapeThroughPool(agents: ScrapeAgents, target: NonNullable<ScrapeAgents["target"]>, node: string, timeoutMs: number, signal: AbortSignal | undefined): Promise<NodeReading> {
  const url = new URL(`${target.server}/api/v1/nodes/${encodeURIComponent(node)}/proxy/metrics/cadvisor`);
  const reader = createCadvisorReader(Date.now());
  const discard: BodySink = { push: () => {} };
  let status: number;
  try {
    ({ status } = await agents.pool.get(target.pool, url.pathname + url.search, target.headers, (code) => (code === 200 ? reader : discard), timeoutMs, signal));
  } catch (error) {
    if (error instanceof AnswerTimeout) throw new ScrapeError(`node ${node} did not answer within ${timeoutMs} ms`);
    if (signal?.aborted) throw error; // the caller's own abort, as it is
    throw new ScrapeError(`node ${node}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (status !== 200) throw new ScrapeError(`node ${node} answered ${status}`);
  return reader.finish();
}

async function scrapeOnce(kubeConfig: KubeConfig, node: string, timeoutMs: number, signal: AbortSignal | undefined, agents: ScrapeAgents | undefined): Promise<NodeReading> {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new ScrapeError("the kubeconfig has no current cluster");
  const url = new URL(`${cluster.server.replace(/\/+$/, "")}/api/v1/nodes/${encodeURIComponent(node)}/proxy/metrics/cadvisor`);
  let options = agents?.options;
  if (!options) {
    options = {};
    await kubeConfig.applyToHTTPSOptions(options);
  }
  const transport = url.protocol === "http:" ? http : https;
  const agent = agents ? (url.protocol === "http:" ? agents.http : agents.https) : undefined;
  return new Promise<NodeReading>((resolve, reject) => {
    const reader = createCadvisorReader(Date.now());
    const request = transport.request(url, { ...options, agent, method: "GET", headers: { ...options.headers, Accept: "text/plain" }, signal }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new ScrapeError(`node ${node} answered ${response.statusCode}`));
        return;
      }
      // Buffers as they come off the socket: the parser reads bytes, the body is never decoded into a string.
      response.on("data", (chunk: Buffer) => {
        try {
          reader.push(chunk);
        } catch (error) {
          request.destroy(error instanceof Error ? error : new Error(String(error)));
        }
      });
      response.on("error", reject);
      response.on("end", () => {
        try {
          resolve(reader.finish());
        } catch (error) {
          reject(error);
        }
      });
    });
    request.setTimeout(timeoutMs, () => request.destroy(new ScrapeError(`node ${node} did not answer within ${timeoutMs} ms`)));
    request.on("error", (error) => reject(Object.assign(error, { reusedSocket: request.reusedSocket })));
    request.end();
  });
}
