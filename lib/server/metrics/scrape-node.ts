import "server-only";
import http from "node:http";
import https from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";
import { createCadvisorReader, type NodeReading } from "./read-cadvisor";

// One node's cAdvisor metrics through the API server's node proxy (`/api/v1/nodes/{node}/proxy/metrics/cadvisor`),
// as Prometheus' kubernetes-cadvisor job reads them. The body is parsed as it streams in, so a node's text is never
// held whole; a node that does not answer within the timeout fails this scrape alone.

export class ScrapeError extends Error {}

/** Keep-alive agents for one cycle: every node is read through the same API server, so a cycle's scrapes reuse a
 *  few connections (and their TLS handshakes) instead of opening one per node. Destroyed when the cycle ends, so no
 *  idle socket outlives it to meet a server that closed it in the meantime. */
export interface ScrapeAgents {
  http: http.Agent;
  https: https.Agent;
  destroy(): void;
}

export function createScrapeAgents(maxSockets: number): ScrapeAgents {
  const agents = { http: new http.Agent({ keepAlive: true, maxSockets }), https: new https.Agent({ keepAlive: true, maxSockets }) };
  return { ...agents, destroy: () => (agents.http.destroy(), agents.https.destroy()) };
}

export async function scrapeNode(kubeConfig: KubeConfig, node: string, timeoutMs: number, signal?: AbortSignal, agents?: ScrapeAgents): Promise<NodeReading> {
  try {
    return await scrapeOnce(kubeConfig, node, timeoutMs, signal, agents);
  } catch (error) {
    // A kept-alive connection the API server closed just as it was reused: once more, on a new connection.
    const failure = error as { code?: string; reusedSocket?: boolean };
    if (agents && failure.reusedSocket && failure.code === "ECONNRESET") return scrapeOnce(kubeConfig, node, timeoutMs, signal, undefined);
    throw error;
  }
}

async function scrapeOnce(kubeConfig: KubeConfig, node: string, timeoutMs: number, signal: AbortSignal | undefined, agents: ScrapeAgents | undefined): Promise<NodeReading> {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new ScrapeError("the kubeconfig has no current cluster");
  const url = new URL(`${cluster.server.replace(/\/+$/, "")}/api/v1/nodes/${encodeURIComponent(node)}/proxy/metrics/cadvisor`);
  const options: https.RequestOptions = {};
  await kubeConfig.applyToHTTPSOptions(options);
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
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
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
