import "server-only";
import http from "node:http";
import https from "node:https";
import type { TenantRole } from "@/lib/contracts/permissions";
import { kubernetesUserOf, type Actor } from "@/lib/server/auth/actor";
import { ApiError } from "@/lib/server/http/api-error";
import { tenantGroup } from "@/lib/server/kubernetes/clients-for";
import { getKubeConfig } from "@/lib/server/kubernetes/kube-config";

// Pod logs are read from the API server as the caller (impersonation, as every other call made for a person),
// with a raw request rather than client-node's readNamespacedPodLog, because following a log needs the response
// as a stream and client-node's typed call buffers the whole body.

export interface PodLogRequest {
  namespace: string;
  pod: string;
  container: string;
  follow: boolean;
  tailLines?: number;
  sinceSeconds?: number;
}

export interface Caller {
  actor: Actor;
  tenant: { id: string };
  role: TenantRole;
}

function message(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === "string") return parsed.message;
  } catch {
    // plain text
  }
  return body.slice(0, 300);
}

function toError(status: number, body: string, pod: string): ApiError {
  const text = `Logs of pod ${pod}: ${message(body) || `the cluster answered ${status}`}`;
  if (status === 401 || status === 403) return new ApiError("forbidden", text);
  if (status === 404) return new ApiError("not_found", text);
  if (status === 400) return new ApiError("bad_request", text);
  return new ApiError("unavailable", text, undefined, { "retry-after": "5" });
}

/** Opens `GET …/pods/{pod}/log?timestamps=true` as the caller; resolves with the response stream on 200. */
export async function openPodLog(caller: Caller, request: PodLogRequest, signal: AbortSignal): Promise<http.IncomingMessage> {
  const kubeConfig = getKubeConfig();
  const server = kubeConfig.getCurrentCluster()?.server;
  if (!server) throw new ApiError("unavailable", "No cluster is configured.");
  const url = new URL(`${server.replace(/\/+$/, "")}/api/v1/namespaces/${encodeURIComponent(request.namespace)}/pods/${encodeURIComponent(request.pod)}/log`);
  url.searchParams.set("container", request.container);
  url.searchParams.set("timestamps", "true");
  if (request.follow) url.searchParams.set("follow", "true");
  if (request.tailLines !== undefined) url.searchParams.set("tailLines", String(request.tailLines));
  if (request.sinceSeconds !== undefined) url.searchParams.set("sinceSeconds", String(request.sinceSeconds));
  const options: https.RequestOptions = {};
  await kubeConfig.applyToHTTPSOptions(options);
  const headers = {
    ...(options.headers as Record<string, string> | undefined),
    "Impersonate-User": kubernetesUserOf(caller.actor),
    "Impersonate-Group": tenantGroup(caller.tenant.id, caller.role),
  };
  const transport = url.protocol === "http:" ? http : https;
  return new Promise((resolve, reject) => {
    const req = transport.request(url, { ...options, method: "GET", headers, signal }, (response) => {
      if (response.statusCode === 200) {
        // A follow ends by aborting the request, which errors the response ("aborted"); readers see it end.
        response.on("error", () => undefined);
        resolve(response);
        return;
      }
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => reject(toError(response.statusCode ?? 0, Buffer.concat(chunks).toString("utf8"), request.pod)));
    });
    req.on("error", (error) => reject(error.name === "AbortError" ? error : new ApiError("unavailable", `Logs of pod ${request.pod}: the cluster could not be reached.`, undefined, { "retry-after": "5" })));
    req.end();
  });
}
