import { describe, expect, it } from "vitest";
import { applyDefaults, podQosClass } from "./defaults";
import type { KObject } from "./types";

const ctx = { allocateClusterIP: () => "10.100.20.30", allocateNodePort: () => 31234 };

describe("applyDefaults", () => {
  it("fills a Deployment the way kube-apiserver returns it", () => {
    const d: KObject = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: {
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: {
            containers: [
              { name: "nginx", image: "nginx:1.27", ports: [{ containerPort: 80 }], readinessProbe: { httpGet: { port: 80 } } },
              { name: "side", image: "busybox" },
            ],
          },
        },
      },
    };
    applyDefaults("deployments", d, ctx);
    expect(d.spec).toMatchObject({
      replicas: 1,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
    });
    const podSpec = d.spec.template.spec;
    expect(podSpec).toMatchObject({ restartPolicy: "Always", dnsPolicy: "ClusterFirst", schedulerName: "default-scheduler", terminationGracePeriodSeconds: 30, securityContext: {} });
    // Admission-time pod fields do not belong in a template.
    expect(podSpec.serviceAccountName).toBeUndefined();
    expect(podSpec.tolerations).toBeUndefined();
    const [nginx, side] = podSpec.containers;
    expect(nginx).toMatchObject({ imagePullPolicy: "IfNotPresent", terminationMessagePath: "/dev/termination-log", terminationMessagePolicy: "File", resources: {} });
    expect(nginx.ports[0].protocol).toBe("TCP");
    expect(nginx.readinessProbe).toMatchObject({ periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3, httpGet: { path: "/", scheme: "HTTP" } });
    expect(side.imagePullPolicy).toBe("Always");
  });

  it("keeps Recreate deployments free of rollingUpdate", () => {
    const d: KObject = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" }, spec: { strategy: { type: "Recreate" }, template: { spec: { containers: [] } } } };
    applyDefaults("deployments", d, ctx);
    expect(d.spec.strategy).toEqual({ type: "Recreate" });
  });

  it("adds the admission defaults to a pod and requests equal to limits", () => {
    const p: KObject = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p" },
      spec: { containers: [{ name: "a", image: "repo/app:latest", resources: { limits: { cpu: "500m", memory: "128Mi" } } }] },
    };
    applyDefaults("pods", p, ctx);
    expect(p.spec).toMatchObject({ serviceAccountName: "default", serviceAccount: "default", enableServiceLinks: true, priority: 0 });
    expect(p.spec.tolerations).toEqual([
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
    ]);
    expect(p.spec.containers[0].resources.requests).toEqual({ cpu: "500m", memory: "128Mi" });
    expect(p.spec.containers[0].imagePullPolicy).toBe("Always");
    expect(podQosClass(p)).toBe("Guaranteed");
  });

  it("defaults a StatefulSet", () => {
    const s: KObject = { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "db" }, spec: { template: { spec: { containers: [] } }, volumeClaimTemplates: [{ metadata: { name: "data" }, spec: {} }] } };
    applyDefaults("statefulsets", s, ctx);
    expect(s.spec).toMatchObject({
      replicas: 1,
      podManagementPolicy: "OrderedReady",
      revisionHistoryLimit: 10,
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
    });
    expect(s.spec.volumeClaimTemplates[0]).toMatchObject({ apiVersion: "v1", kind: "PersistentVolumeClaim", spec: { volumeMode: "Filesystem" }, status: { phase: "Pending" } });
  });

  it("allocates a cluster IP and node ports for a NodePort service", () => {
    const svc: KObject = { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { type: "NodePort", ports: [{ port: 80 }] } };
    applyDefaults("services", svc, ctx);
    expect(svc.spec).toMatchObject({
      clusterIP: "10.100.20.30",
      clusterIPs: ["10.100.20.30"],
      sessionAffinity: "None",
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
      internalTrafficPolicy: "Cluster",
      externalTrafficPolicy: "Cluster",
      ports: [{ port: 80, protocol: "TCP", targetPort: 80, nodePort: 31234 }],
    });
  });

  it("labels a namespace with its name and adds the kubernetes finalizer", () => {
    const ns: KObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } };
    applyDefaults("namespaces", ns, ctx);
    expect(ns.spec).toEqual({ finalizers: ["kubernetes"] });
    expect(ns.metadata.labels).toEqual({ "kubernetes.io/metadata.name": "shop" });
  });
});
