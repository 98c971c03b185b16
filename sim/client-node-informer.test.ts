// @kubernetes/client-node 1.4.0's informer (what the app's watch cache uses) must neither lose nor duplicate
// objects when the server drops its watches or compacts history (410 Expired → relist).
import * as k8s from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KObject } from "./core/types";
import { startTestCluster, type TestCluster } from "./test-support/start-test-cluster";

let t: TestCluster;
const NS = "inf";

function pod(name: string): KObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: NS, labels: { app: "inf" } }, spec: { containers: [{ name: "c", image: "nginx:1.25" }] } };
}

beforeAll(async () => {
  t = await startTestCluster({ nodes: 1, speed: 5 });
  t.cluster.api.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
});

afterAll(async () => {
  await t?.stop();
});

describe("client-node informer against the simulated cluster", () => {
  it("keeps an exact cache across dropped watches and a forced compaction", async () => {
    for (const name of ["a", "b", "c"]) t.cluster.api.create("pods", pod(name));

    const kc = new k8s.KubeConfig();
    kc.loadFromFile(t.kubeconfigPath);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const informer = k8s.makeInformer(kc, `/api/v1/namespaces/${NS}/pods`, () => core.listNamespacedPod({ namespace: NS }));
    const errors: string[] = [];
    let stopping = false;
    informer.on("error", (err) => {
      if (stopping) return;
      errors.push(String(err));
      // client-node stops on errors other than 410; restarting is what the official example (and the app) does.
      setTimeout(() => void informer.start(), 100);
    });
    await informer.start();

    const cacheNames = () => informer.list(NS).map((p) => p.metadata!.name!).sort();
    const apiNames = () => t.cluster.api.list("pods", { namespace: NS }).map((p) => p.metadata.name!).sort();
    const converged = () => {
      const cached = cacheNames();
      return cached.length === new Set(cached).size && JSON.stringify(cached) === JSON.stringify(apiNames());
    };
    try {
      await t.waitFor(converged, 10_000, "initial informer sync");
      expect(cacheNames()).toEqual(["a", "b", "c"]);

      // The stream ends; the informer re-watches from its last resourceVersion and must see what happened since.
      await t.fault({ action: "drop-watches" });
      t.cluster.api.create("pods", pod("d"));
      t.cluster.api.delete("pods", NS, "a", { gracePeriodSeconds: 0 });
      await t.waitFor(converged, 10_000, "cache after drop-watches");
      expect(cacheNames()).toEqual(["b", "c", "d"]);

      // The watch drops and the informer's re-watch is held up; meanwhile changes land and history is forgotten,
      // so resuming from its resourceVersion gets 410 Expired and it must relist.
      await t.fault({ action: "slow-requests", fraction: 1, delayMs: 1000 });
      await t.fault({ action: "drop-watches" });
      t.cluster.api.create("pods", pod("e"));
      t.cluster.api.delete("pods", NS, "b", { gracePeriodSeconds: 0 });
      await t.fault({ action: "compact" });
      await t.fault({ action: "slow-requests", fraction: 0, delayMs: 0 });
      t.cluster.api.create("pods", pod("f"));
      await t.waitFor(converged, 10_000, "cache after compaction");
      expect(cacheNames()).toEqual(["c", "d", "e", "f"]);
      expect(informer.list(NS)).toHaveLength(4);
      // The 410 made the informer list again (the first list plus at least one relist).
      const log = (await (await fetch(`${t.cluster.url}/_sim/requests`, { headers: { Authorization: `Bearer ${t.cluster.adminToken}` } })).json()) as { items: { path: string; query: Record<string, string> }[] };
      const lists = log.items.filter((e) => e.path === `/api/v1/namespaces/${NS}/pods` && e.query.watch === undefined);
      expect(lists.length).toBeGreaterThanOrEqual(2);
    } finally {
      stopping = true;
      await informer.stop();
    }
    expect(errors).toEqual([]);
  });
});
