// Test support only: a fake ClusterApi with a manual clock plus running kubelets, and a way to move
// simulated time forward while letting real registry requests finish between steps.

import type { KObject } from "../core/types";
import { createFakeClusterApi } from "./fake-cluster-api";
import type { FakeClusterApi } from "./fake-cluster-api";
import { startKubelets } from "./kubelet-hub";
import type { KubeletOptions, SimulatedKubelets } from "./kubelet-hub";

export interface KubeletHarness {
  api: FakeClusterApi;
  hub: SimulatedKubelets;
  /** Advances simulated time by `ms` in small steps, settling async work after each. */
  run(ms: number, stepMs?: number): Promise<void>;
  createPod(name: string, container: Record<string, unknown>, spec?: Record<string, unknown>): KObject;
  pod(name: string): KObject | undefined;
  container(name: string, container?: string): any;
}

const settleIo = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function startHarness(options: Partial<KubeletOptions> = {}): Promise<KubeletHarness> {
  const api = createFakeClusterApi();
  const hub = startKubelets(api, { nodes: 2, ...options });
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await settleIo();
      await hub.whenIdle();
    }
  };
  const harness: KubeletHarness = {
    api,
    hub,
    async run(ms, stepMs = 100) {
      await settle();
      for (let done = 0; done < ms; done += stepMs) {
        api.clock.advance(Math.min(stepMs, ms - done));
        await settle();
      }
    },
    createPod(name, container, spec = {}) {
      return api.create("pods", {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name, namespace: "default", labels: { app: name } },
        spec: { nodeName: "node-1", restartPolicy: "Always", terminationGracePeriodSeconds: 30, containers: [{ name: "app", image: "nginx:1.27", ...container }], ...spec },
      });
    },
    pod: (name) => api.get("pods", "default", name),
    container: (name, container = "app") => api.get("pods", "default", name)?.status?.containerStatuses?.find((c: any) => c.name === container),
  };
  await settle();
  return harness;
}
