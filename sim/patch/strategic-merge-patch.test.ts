import { describe, expect, it } from "vitest";
import type { KObject } from "../core/types";
import { applyStrategicMergePatch } from "./strategic-merge-patch";

function deployment(): KObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: "web",
      namespace: "default",
      labels: { app: "web" },
      annotations: { "deployment.kubernetes.io/revision": "1" },
      finalizers: ["a.example/x", "b.example/y"],
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "web" } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: {
          containers: [
            {
              name: "nginx",
              image: "nginx:1.25",
              ports: [{ containerPort: 80, protocol: "TCP" }],
              env: [
                { name: "A", value: "1" },
                { name: "B", value: "2" },
              ],
            },
            { name: "sidecar", image: "busybox", args: ["sleep", "1d"] },
          ],
          volumes: [{ name: "data", emptyDir: {} }],
          tolerations: [{ key: "a", operator: "Exists" }],
        },
      },
    },
  };
}

const containers = (obj: KObject) => obj.spec.template.spec.containers;

describe("applyStrategicMergePatch", () => {
  it("keeps ports and env when kubectl apply changes only the image (the $setElementOrder trap)", () => {
    const original = deployment();
    original.spec.template.spec.containers.pop();
    const patched = applyStrategicMergePatch("Deployment", original, {
      spec: { template: { spec: { "$setElementOrder/containers": [{ name: "nginx" }], containers: [{ image: "nginx:1.26", name: "nginx" }] } } },
    });
    expect(containers(patched)).toEqual([
      {
        name: "nginx",
        image: "nginx:1.26",
        ports: [{ containerPort: 80, protocol: "TCP" }],
        env: [
          { name: "A", value: "1" },
          { name: "B", value: "2" },
        ],
      },
    ]);
    expect(patched.spec.replicas).toBe(2);
    expect(original.spec.template.spec.containers[0].image).toBe("nginx:1.25");
  });

  it("sets one container's image as kubectl set image does, leaving the other container alone", () => {
    const patched = applyStrategicMergePatch("Deployment", deployment(), {
      spec: { template: { spec: { "$setElementOrder/containers": [{ name: "nginx" }, { name: "sidecar" }], containers: [{ image: "nginx:1.27", name: "nginx" }] } } },
    });
    expect(containers(patched).map((c: any) => [c.name, c.image])).toEqual([
      ["nginx", "nginx:1.27"],
      ["sidecar", "busybox"],
    ]);
    expect(containers(patched)[0].ports).toHaveLength(1);
    expect(containers(patched)[1].args).toEqual(["sleep", "1d"]);
  });

  it("keeps a container another writer added at its place among the applied ones", () => {
    const live = deployment();
    live.spec.template.spec.containers.splice(1, 0, { name: "injected", image: "proxy" });
    const patched = applyStrategicMergePatch("Deployment", live, {
      spec: {
        template: {
          spec: {
            "$setElementOrder/containers": [{ name: "nginx" }, { name: "sidecar" }, { name: "log" }],
            containers: [{ name: "log", image: "fluent-bit" }],
          },
        },
      },
    });
    expect(containers(patched).map((c: any) => c.name)).toEqual(["nginx", "injected", "sidecar", "log"]);
  });

  it("orders containers by $setElementOrder", () => {
    const patched = applyStrategicMergePatch("Deployment", deployment(), {
      spec: { template: { spec: { "$setElementOrder/containers": [{ name: "sidecar" }, { name: "nginx" }] } } },
    });
    expect(containers(patched).map((c: any) => c.name)).toEqual(["sidecar", "nginx"]);
  });

  it("removes a container marked $patch: delete and, like apimachinery, puts a new one before unmentioned ones", () => {
    const patched = applyStrategicMergePatch("Deployment", deployment(), {
      spec: { template: { spec: { containers: [{ name: "sidecar", $patch: "delete" }, { name: "log", image: "fluent-bit" }] } } },
    });
    expect(containers(patched).map((c: any) => c.name)).toEqual(["log", "nginx"]);
  });

  it("places a new container where kubectl apply's $setElementOrder says", () => {
    const patched = applyStrategicMergePatch("Deployment", deployment(), {
      spec: {
        template: {
          spec: {
            "$setElementOrder/containers": [{ name: "nginx" }, { name: "sidecar" }, { name: "log" }],
            containers: [{ name: "log", image: "fluent-bit" }],
          },
        },
      },
    });
    expect(containers(patched).map((c: any) => c.name)).toEqual(["nginx", "sidecar", "log"]);
    expect(containers(patched)[0].ports).toHaveLength(1);
  });

  it("removes one env var with $patch: delete and updates another by name", () => {
    const patched = applyStrategicMergePatch("Deployment", deployment(), {
      spec: { template: { spec: { containers: [{ name: "nginx", env: [{ name: "A", $patch: "delete" }, { name: "B", value: "3" }] }] } } },
    });
    expect(containers(patched)[0].env).toEqual([{ name: "B", value: "3" }]);
  });

  it("merges ports by containerPort", () => {
    const patched = applyStrategicMergePatch("Deployment", deployment(), {
      spec: { template: { spec: { containers: [{ name: "nginx", ports: [{ containerPort: 443, name: "https" }, { containerPort: 80, name: "http" }] }] } } },
    });
    // The patch's own order wins over the live order for the items it names.
    expect(containers(patched)[0].ports).toEqual([
      { containerPort: 443, name: "https" },
      { containerPort: 80, protocol: "TCP", name: "http" },
    ]);
  });

  it("pauses a rollout without touching the rest of the spec", () => {
    const patched = applyStrategicMergePatch("Deployment", deployment(), { spec: { paused: true } });
    expect(patched.spec.paused).toBe(true);
    expect(containers(patched)).toHaveLength(2);
  });

  it("adds the restartedAt annotation of rollout restart to the pod template", () => {
    const patched = applyStrategicMergePatch("Deployment", deployment(), {
      spec: { template: { metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": "2026-01-01T00:00:00Z" } } } },
    });
    expect(patched.spec.template.metadata).toEqual({
      labels: { app: "web" },
      annotations: { "kubectl.kubernetes.io/restartedAt": "2026-01-01T00:00:00Z" },
    });
  });

  it("replaces lists that carry no strategy (tolerations, args)", () => {
    const patched = applyStrategicMergePatch("Deployment", deployment(), {
      spec: { template: { spec: { tolerations: [{ key: "b", operator: "Exists" }], containers: [{ name: "sidecar", args: ["true"] }] } } },
    });
    expect(patched.spec.template.spec.tolerations).toEqual([{ key: "b", operator: "Exists" }]);
    expect(containers(patched)[1].args).toEqual(["true"]);
  });

  it("drops rollingUpdate when $retainKeys switches the strategy to Recreate", () => {
    const patched = applyStrategicMergePatch("Deployment", deployment(), {
      spec: { strategy: { $retainKeys: ["type"], rollingUpdate: null, type: "Recreate" } },
    });
    expect(patched.spec.strategy).toEqual({ type: "Recreate" });
  });

  it("rejects a $retainKeys list that leaves out a key the patch sets", () => {
    expect(() => applyStrategicMergePatch("Deployment", deployment(), { spec: { strategy: { $retainKeys: ["type"], type: "RollingUpdate", rollingUpdate: { maxSurge: 1 } } } })).toThrow(
      expect.objectContaining({ code: 400, message: "invalid patch format of retainKeys" }),
    );
  });

  it("switches a volume source with $retainKeys", () => {
    const patched = applyStrategicMergePatch("Deployment", deployment(), {
      spec: { template: { spec: { volumes: [{ name: "data", $retainKeys: ["configMap", "name"], configMap: { name: "cfg" } }] } } },
    });
    expect(patched.spec.template.spec.volumes).toEqual([{ name: "data", configMap: { name: "cfg" } }]);
  });

  it("merges finalizers as a set and removes them with $deleteFromPrimitiveList", () => {
    const added = applyStrategicMergePatch("Deployment", deployment(), { metadata: { finalizers: ["b.example/y", "c.example/z"] } });
    expect(added.metadata.finalizers).toEqual(["a.example/x", "b.example/y", "c.example/z"]);
    const removed = applyStrategicMergePatch("Deployment", added, { metadata: { "$deleteFromPrimitiveList/finalizers": ["a.example/x", "c.example/z"] } });
    expect(removed.metadata.finalizers).toEqual(["b.example/y"]);
  });

  it("deletes a map key given null, such as an annotation", () => {
    const patched = applyStrategicMergePatch("Deployment", deployment(), { metadata: { annotations: { "deployment.kubernetes.io/revision": null } } });
    expect(patched.metadata.annotations).toEqual({});
  });

  it("replaces a whole map with $patch: replace", () => {
    const patched = applyStrategicMergePatch("Deployment", deployment(), { metadata: { labels: { $patch: "replace", tier: "front" } } });
    expect(patched.metadata.labels).toEqual({ tier: "front" });
  });

  it("replaces a whole merge-keyed list with a $patch: replace element", () => {
    const patched = applyStrategicMergePatch("Deployment", deployment(), {
      spec: { template: { spec: { containers: [{ $patch: "replace" }, { name: "only", image: "alpine" }] } } },
    });
    expect(containers(patched)).toEqual([{ name: "only", image: "alpine" }]);
  });

  it("merges the same PodSpec fields on a Pod as on a Deployment template", () => {
    const pod: KObject = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", image: "a", env: [{ name: "X", value: "1" }] }] } };
    const patched = applyStrategicMergePatch("Pod", pod, { spec: { containers: [{ name: "c", image: "b" }] } });
    expect(patched.spec.containers).toEqual([{ name: "c", image: "b", env: [{ name: "X", value: "1" }] }]);
  });

  it("merges Service ports by port and status conditions by type", () => {
    const svc: KObject = { apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec: { ports: [{ port: 80, targetPort: 8080 }] } };
    const patched = applyStrategicMergePatch("Service", svc, { spec: { ports: [{ port: 80, name: "http" }, { port: 443 }] } });
    expect(patched.spec.ports).toEqual([{ port: 80, targetPort: 8080, name: "http" }, { port: 443 }]);

    const status = applyStrategicMergePatch("Deployment", { ...deployment(), status: { conditions: [{ type: "Available", status: "False" }, { type: "Progressing", status: "True" }] } }, {
      status: { conditions: [{ type: "Available", status: "True" }] },
    });
    expect(status.status.conditions).toEqual([{ type: "Available", status: "True" }, { type: "Progressing", status: "True" }]);
  });

  it("merges ownerReferences by uid", () => {
    const obj: KObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", ownerReferences: [{ apiVersion: "v1", kind: "Pod", name: "a", uid: "1" }] } };
    const patched = applyStrategicMergePatch("ConfigMap", obj, { metadata: { ownerReferences: [{ apiVersion: "v1", kind: "Pod", name: "b", uid: "2" }] } });
    expect(patched.metadata.ownerReferences?.map((r) => r.uid)).toEqual(["2", "1"]);
  });

  it("rejects a list item without its merge key as invalid", () => {
    expect(() => applyStrategicMergePatch("Deployment", deployment(), { spec: { template: { spec: { containers: [{ image: "x" }] } } } })).toThrow(
      expect.objectContaining({ code: 422 }),
    );
  });

  it("rejects a patch that is not an object as a bad request", () => {
    expect(() => applyStrategicMergePatch("Deployment", deployment(), [])).toThrow(expect.objectContaining({ code: 400 }));
  });
});
