import "server-only";
import http from "node:http";
import https from "node:https";
import { ApiException, type V1Node } from "@kubernetes/client-node";
import { getKubeConfig } from "@/lib/server/kubernetes/kube-config";

// The collector (every cycle), the capacity screens and the wallboard (several times a minute) all need every Node.
// Allocatable capacity changes only when nodes join, leave or are resized, so a list at most FRESH_MS old is as good
// as a fresh one; concurrent callers share one request. An older list (up to STALE_MS) is still answered at once
// while a new one is fetched in the background, so no screen request waits for a 500-node list. A failed list is
// not remembered, so the next caller asks the API server again. The list is read as raw JSON (as the watch cache
// reads its lists): client-node's typed deserializer costs several times JSON.parse on 500 Node objects.

const FRESH_MS = 10_000;
const STALE_MS = 60_000;
const LIST_TIMEOUT_MS = 30_000;

/** A Node as the API server sends it (timestamps are strings): only what the callers read. */
export type ListedNode = Pick<V1Node, "metadata" | "status">;

interface Entry {
  atMs: number;
  nodes: Promise<ListedNode[]>;
  /** The list has arrived (a stale-but-ready list can be answered while the next one is fetched). */
  ready: boolean;
}

let recent: Entry | undefined;
let refreshing: Entry | undefined;

function fetchEntry(nowMs: number, list: () => Promise<ListedNode[]>): Entry {
  const entry: Entry = { atMs: nowMs, nodes: list(), ready: false };
  entry.nodes.then(
    () => {
      entry.ready = true;
      if (refreshing === entry) refreshing = undefined;
      if (!recent || recent.atMs <= entry.atMs) recent = entry;
    },
    () => {
      if (refreshing === entry) refreshing = undefined;
      if (recent === entry) recent = undefined;
    },
  );
  return entry;
}

/** Every Node, from a list made at most 10 s ago (or now; up to 60 s old while a new one is on its way). Throws
 *  the list's error when it fails and no usable list is held. */
export function listNodesRecent(nowMs = Date.now(), list: () => Promise<ListedNode[]> = defaultList): Promise<ListedNode[]> {
  if (recent && nowMs - recent.atMs < FRESH_MS) return recent.nodes;
  if (recent?.ready && nowMs - recent.atMs < STALE_MS) {
    refreshing ??= fetchEntry(nowMs, list);
    return recent.nodes;
  }
  if (refreshing) return refreshing.nodes;
  const entry = fetchEntry(nowMs, list);
  recent = entry;
  return entry.nodes;
}

/** Every Node from a list at most 10 s old, never an older one: the collector's, which must not scrape a node that
 *  left (and call it stale) or miss one that joined. Shares the list with the screens. */
export function listNodesFresh(nowMs = Date.now(), list: () => Promise<ListedNode[]> = defaultList): Promise<ListedNode[]> {
  if (recent && nowMs - recent.atMs < FRESH_MS) return recent.nodes;
  if (refreshing && nowMs - refreshing.atMs < FRESH_MS) return refreshing.nodes;
  const entry = fetchEntry(nowMs, list);
  recent = entry;
  return entry.nodes;
}

/** Forgets the remembered list (tests, and a caller that knows the nodes changed). */
export function forgetRecentNodes(): void {
  recent = undefined;
  refreshing = undefined;
}

/** GET /api/v1/nodes with Apiary's own credentials, parsed with JSON.parse. */
async function defaultList(): Promise<ListedNode[]> {
  const kubeConfig = getKubeConfig();
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error("the kubeconfig has no current cluster");
  const url = new URL(`${cluster.server.replace(/\/+$/, "")}/api/v1/nodes`);
  const options: https.RequestOptions = {};
  await kubeConfig.applyToHTTPSOptions(options);
  const transport = url.protocol === "http:" ? http : https;
  return new Promise((resolve, reject) => {
    const request = transport.request(url, { ...options, method: "GET", headers: { ...options.headers, Accept: "application/json" } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const status = response.statusCode ?? 0;
        // A refusal carries the API server's Status as the client's own errors do, so toApiError words it alike.
        if (status !== 200) {
          reject(new ApiException(status, `listing the nodes: the API server answered ${status}`, body, response.headers as Record<string, string>));
          return;
        }
        try {
          resolve((JSON.parse(body) as { items?: ListedNode[] }).items ?? []);
        } catch {
          reject(new Error("listing the nodes: the API server answered with a body that is not JSON"));
        }
      });
    });
    request.setTimeout(LIST_TIMEOUT_MS, () => request.destroy(new Error(`listing the nodes: no answer within ${LIST_TIMEOUT_MS / 1000} s`)));
    request.on("error", reject);
    request.end();
  });
}
