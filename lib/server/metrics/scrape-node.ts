import "server-only";
import http from "node:http";
import https from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";
import { createCadvisorReader, type NodeReading } from "./read-cadvisor";

// One node's cAdvisor metrics through the API server's node proxy (`/api/v1/nodes/{node}/proxy/metrics/cadvisor`),
// as Prometheus' kubernetes-cadvisor job reads them. The body is parsed as it streams in, so a node's text is never
// held whole; a node that does not answer within the timeout fails this scrape alone.

export class ScrapeError extends Error {}

export async function scrapeNode(kubeConfig: KubeConfig, node: string, timeoutMs: number, signal?: AbortSignal): Promise<NodeReading> {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new ScrapeError("the kubeconfig has no current cluster");
  const url = new URL(`${cluster.server.replace(/\/+$/, "")}/api/v1/nodes/${encodeURIComponent(node)}/proxy/metrics/cadvisor`);
  const options: https.RequestOptions = {};
  await kubeConfig.applyToHTTPSOptions(options);
  const transport = url.protocol === "http:" ? http : https;
  return new Promise<NodeReading>((resolve, reject) => {
    const reader = createCadvisorReader(Date.now());
    const request = transport.request(url, { ...options, method: "GET", headers: { ...options.headers, Accept: "text/plain" }, signal }, (response) => {
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
    request.on("error", reject);
    request.end();
  });
}
