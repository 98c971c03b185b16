import "server-only";
import type https from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";
import { createCadvisorReader, type NodeReading } from "./read-cadvisor";
import { AnswerTimeout, ScrapeConnectionPool, type BodySink, type PoolTarget } from "./scrape-connection-pool";

// One node's cAdvisor metrics through the API server's node proxy (`/api/v1/nodes/{node}/proxy/metrics/cadvisor`),
// as Prometheus' kubernetes-cadvisor job reads them. The body is parsed as it streams in, so a node's text is never
// held whole (nor decoded into a string); a node that does not answer within the timeout fails this scrape alone.

export class ScrapeError extends Error {}

/** Keep-alive connections kept by the collector from cycle to cycle: every node is read through the same API server,
 *  so the scrapes reuse a few connections instead of opening one per node, or 16 per cycle. Scrapes go through `pool`
 *  (a client of the scrapes' own, with a reused read buffer per connection: about 0.7 s of CPU less per 500-node
 *  cycle than node:https). A connection the server closed while it sat idle between cycles is retried once. */
export interface ScrapeAgents {
  /** The scrapes' own keep-alive client (see scrape-connection-pool.ts). */
  pool: ScrapeConnectionPool;
  /** This cycle's API server and TLS settings, and the headers every scrape sends, as prepareScrapeAgents read them
   *  (read once per cycle rather than per node); undefined when the kubeconfig has no current cluster. */
  target?: { server: string; pool: PoolTarget; headers: Record<string, string> };
  destroy(): void;
}

/** An idle connection is closed after `idleMs`, so agents of a collector that lost its lease hold nothing for long. */
export function createScrapeAgents(maxSockets: number, idleMs = 60_000): ScrapeAgents {
  const pool = new ScrapeConnectionPool(maxSockets, idleMs);
  return { pool, destroy: () => pool.destroy() };
}

/** Reads the kubeconfig's credentials for this cycle's scrapes (exec plugins' tokens are refreshed here). */
export async function prepareScrapeAgents(agents: ScrapeAgents, kubeConfig: KubeConfig): Promise<void> {
  const options: https.RequestOptions = {};
  await kubeConfig.applyToHTTPSOptions(options);
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

/** One node's reading, through `agents` (the collector's, kept from cycle to cycle) or, without them, a connection
 *  of its own that is closed afterwards. */
export async function scrapeNode(kubeConfig: KubeConfig, node: string, timeoutMs: number, signal?: AbortSignal, agents?: ScrapeAgents): Promise<NodeReading> {
  if (!agents) {
    const own = createScrapeAgents(1);
    try {
      await prepareScrapeAgents(own, kubeConfig);
      return await scrapeNode(kubeConfig, node, timeoutMs, signal, own);
    } finally {
      own.destroy();
    }
  }
  const target = agents.target;
  if (!target) throw new ScrapeError("the kubeconfig has no current cluster");
  const url = new URL(`${target.server}/api/v1/nodes/${encodeURIComponent(node)}/proxy/metrics/cadvisor`);
  // The body's bytes are parsed straight out of each connection's read buffer, never decoded into a string.
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
