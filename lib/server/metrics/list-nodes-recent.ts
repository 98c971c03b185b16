import "server-only";
import type { V1Node } from "@kubernetes/client-node";
import { apiaryClients } from "@/lib/server/kubernetes/cluster-clients";

// The capacity screens and the wallboard ask for every Node several times a minute, and decoding 500 Node objects
// from the API server costs hundreds of milliseconds each time. Allocatable capacity changes only when nodes join,
// leave or are resized, so a list at most MAX_AGE_MS old is as good as a fresh one; concurrent callers share one
// request. A failed list is not remembered, so the next caller asks the API server again.

const MAX_AGE_MS = 10_000;

let recent: { atMs: number; nodes: Promise<V1Node[]> } | undefined;

/** Every Node, from a list made at most 10 s ago (or now). Throws the client's error when the list fails. */
export function listNodesRecent(nowMs = Date.now(), list: () => Promise<V1Node[]> = defaultList): Promise<V1Node[]> {
  if (recent && nowMs - recent.atMs < MAX_AGE_MS) return recent.nodes;
  const entry = { atMs: nowMs, nodes: list() };
  recent = entry;
  entry.nodes.catch(() => {
    if (recent === entry) recent = undefined;
  });
  return entry.nodes;
}

/** Forgets the remembered list (tests, and a caller that knows the nodes changed). */
export function forgetRecentNodes(): void {
  recent = undefined;
}

async function defaultList(): Promise<V1Node[]> {
  return (await apiaryClients().core.listNode()).items;
}
