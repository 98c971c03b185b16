import { describe, expect, it } from "vitest";
import type { KObject } from "../../core/types";
import { tablePrinterFor, toTable } from "./table-printer-for";

const NOW = Date.parse("2026-01-01T12:00:00Z");
const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: "default", creationTimestamp: "2026-01-01T07:00:00Z", ...extra });
const cells = (obj: KObject) => tablePrinterFor(obj.kind).cells(obj, NOW);
const names = (kind: string) => tablePrinterFor(kind).columns.map((c) => c.name);

describe("table printers", () => {
  it("prints deployments as READY n/m with containers, images and selector", () => {
    const d: KObject = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta("web"),
      spec: { replicas: 4, selector: { matchLabels: { tier: "fe", app: "web" } }, template: { spec: { containers: [{ name: "nginx", image: "nginx:1.25" }, { name: "log", image: "busybox" }] } } },
      status: { readyReplicas: 3, updatedReplicas: 4, availableReplicas: 3 },
    };
    expect(names("Deployment")).toEqual(["Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector"]);
    expect(cells(d)).toEqual(["web", "3/4", 4, 3, "5h", "nginx,log", "nginx:1.25,busybox", "app=web,tier=fe"]);
  });

  it("prints services with ports, node ports and pending load balancers", () => {
    const svc: KObject = { apiVersion: "v1", kind: "Service", metadata: meta("web"), spec: { type: "LoadBalancer", clusterIP: "10.96.0.10", ports: [{ port: 80, nodePort: 30080, protocol: "TCP" }, { port: 53, protocol: "UDP" }], selector: { app: "web" } } };
    expect(names("Service")).toEqual(["Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector"]);
    expect(cells(svc)).toEqual(["web", "LoadBalancer", "10.96.0.10", "<pending>", "80:30080/TCP,53/UDP", "5h", "app=web"]);
  });

  it("prints endpoints as the first three addresses and a count of the rest", () => {
    const ep: KObject = { apiVersion: "v1", kind: "Endpoints", metadata: meta("web"), subsets: [{ addresses: [{ ip: "10.0.0.1" }, { ip: "10.0.0.2" }, { ip: "10.0.0.3" }, { ip: "10.0.0.4" }], ports: [{ port: 80 }] }] };
    expect(cells(ep)).toEqual(["web", "10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...", "5h"]);
    expect(cells({ ...ep, subsets: undefined })[1]).toBe("<none>");
  });

  it("prints node status with SchedulingDisabled and roles from labels", () => {
    const node: KObject = {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: "node-1", creationTimestamp: "2026-01-01T07:00:00Z", labels: { "node-role.kubernetes.io/control-plane": "" } },
      spec: { unschedulable: true },
      status: { conditions: [{ type: "Ready", status: "False" }], nodeInfo: { kubeletVersion: "v1.33.4" }, addresses: [{ type: "InternalIP", address: "10.0.0.4" }] },
    };
    expect(cells(node).slice(0, 6)).toEqual(["node-1", "NotReady,SchedulingDisabled", "control-plane", "5h", "v1.33.4", "10.0.0.4"]);
  });

  it("prints resource quota usage split into requests and limits", () => {
    const q: KObject = { apiVersion: "v1", kind: "ResourceQuota", metadata: meta("quota"), spec: { hard: { "requests.cpu": "2", "limits.memory": "4Gi", pods: "10" } }, status: { hard: { "requests.cpu": "2", "limits.memory": "4Gi", pods: "10" }, used: { "requests.cpu": "500m", pods: "3" } } };
    expect(names("ResourceQuota")).toEqual(["Name", "Age", "Request", "Limit"]);
    expect(cells(q)).toEqual(["quota", "5h", "pods: 3/10, requests.cpu: 500m/2", "limits.memory: 0/4Gi"]);
  });

  it("prints role bindings with their subjects in the wide columns", () => {
    const rb: KObject = { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: meta("edit"), roleRef: { kind: "ClusterRole", name: "edit" }, subjects: [{ kind: "User", name: "alice" }, { kind: "Group", name: "devs" }, { kind: "ServiceAccount", name: "ci", namespace: "build" }] };
    expect(names("RoleBinding")).toEqual(["Name", "Role", "Age", "Users", "Groups", "ServiceAccounts"]);
    expect(cells(rb)).toEqual(["edit", "ClusterRole/edit", "5h", "alice", "devs", "build:ci"]);
  });

  it("prints events with the object as kind/name and the count", () => {
    const ev: KObject = { apiVersion: "v1", kind: "Event", metadata: meta("web.1"), involvedObject: { kind: "Deployment", name: "web" }, reason: "ScalingReplicaSet", message: "Scaled up", type: "Normal", firstTimestamp: "2026-01-01T11:50:00Z", lastTimestamp: "2026-01-01T11:59:30Z", count: 3, source: { component: "deployment-controller" } };
    expect(cells(ev)).toEqual(["30s", "Normal", "ScalingReplicaSet", "deployment/web", "", "deployment-controller", "Scaled up", "10m", 3, "web.1"]);
  });

  it("prints controller revisions with their owning controller", () => {
    const cr: KObject = { apiVersion: "apps/v1", kind: "ControllerRevision", metadata: meta("db-6d4f", { ownerReferences: [{ apiVersion: "apps/v1", kind: "StatefulSet", name: "db", uid: "u", controller: true }] }), revision: 2 };
    expect(cells(cr)).toEqual(["db-6d4f", "statefulset.apps/db", 2, "5h"]);
  });

  it("falls back to NAME and AGE for kinds without a printer", () => {
    expect(names("Widget")).toEqual(["Name", "Age"]);
  });

  it("builds a meta.k8s.io Table with PartialObjectMetadata rows", () => {
    const cm: KObject = { apiVersion: "v1", kind: "ConfigMap", metadata: meta("settings"), data: { a: "1", b: "2" } };
    const table = toTable("ConfigMap", [cm], { nowMs: NOW, includeObject: "Metadata", resourceVersion: "42" });
    expect(table).toMatchObject({ kind: "Table", apiVersion: "meta.k8s.io/v1", metadata: { resourceVersion: "42" } });
    expect(table.rows).toEqual([{ cells: ["settings", 2, "5h"], object: { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: cm.metadata } }]);
    expect(toTable("ConfigMap", [cm], { nowMs: NOW, includeObject: "Object" }).rows[0].object).toBe(cm);
  });
});
