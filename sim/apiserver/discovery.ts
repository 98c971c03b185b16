// Legacy discovery documents (/api, /apis, /api/v1, /apis/{g}/{v}). The simulator never serves aggregated
// discovery: every kubectl version (1.27–1.33) accepts plain application/json, while a wrong aggregated
// version breaks older clients (reference notes §0.5).
import type { ResourceInfo } from "../core/types";

interface SubresourceShape {
  kind?: string;
  group?: string;
  version?: string;
  verbs: string[];
}

const PROXY_KINDS: Record<string, string> = { nodes: "NodeProxyOptions", pods: "PodProxyOptions", services: "ServiceProxyOptions" };

function subresourceShape(info: ResourceInfo, sub: string): SubresourceShape {
  switch (sub) {
    case "status":
      return { verbs: ["get", "patch", "update"] };
    case "scale":
      return { kind: "Scale", group: "autoscaling", version: "v1", verbs: ["get", "patch", "update"] };
    case "log":
      return { kind: "Pod", verbs: ["get"] };
    case "eviction":
      return { kind: "Eviction", group: "policy", version: "v1", verbs: ["create"] };
    case "binding":
      return { kind: "Binding", verbs: ["create"] };
    case "proxy":
      return { kind: PROXY_KINDS[info.resource] ?? "ProxyOptions", verbs: ["create", "delete", "get", "patch", "update"] };
    case "finalize":
      return { kind: info.kind, verbs: ["update"] };
    default:
      return { verbs: ["get"] };
  }
}

export function groupVersionOf(info: { group: string; version: string }): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

export function apiVersions(serverAddress: string) {
  return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }] };
}

function groupEntry(name: string, versions: string[]) {
  const list = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: list, preferredVersion: list[0] };
}

function groupedVersions(resources: ResourceInfo[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const r of resources) {
    if (r.group === "") continue;
    const versions = groups.get(r.group) ?? [];
    if (!versions.includes(r.version)) versions.push(r.version);
    groups.set(r.group, versions);
  }
  return groups;
}

export function apiGroupList(resources: ResourceInfo[]) {
  return {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: [...groupedVersions(resources)].map(([name, versions]) => groupEntry(name, versions)),
  };
}

/** /apis/{group}: one APIGroup, or undefined when the group is not served. */
export function apiGroup(resources: ResourceInfo[], group: string) {
  const versions = groupedVersions(resources).get(group);
  if (!versions) return undefined;
  return { kind: "APIGroup", apiVersion: "v1", ...groupEntry(group, versions) };
}

/** /api/v1 or /apis/{g}/{v}: the resources and their subresources, or undefined when the version is not served. */
export function apiResourceList(resources: ResourceInfo[], group: string, version: string) {
  const served = resources.filter((r) => r.group === group && r.version === version);
  if (served.length === 0) return undefined;
  const list: Record<string, unknown>[] = [];
  for (const r of served) {
    list.push({
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
      ...(r.shortNames?.length ? { shortNames: r.shortNames } : {}),
      ...(r.categories?.length ? { categories: r.categories } : {}),
    });
    for (const sub of r.subresources ?? []) {
      const shape = subresourceShape(r, sub);
      list.push({
        name: `${r.resource}/${sub}`,
        singularName: "",
        namespaced: r.namespaced,
        ...(shape.group !== undefined ? { group: shape.group, version: shape.version } : {}),
        kind: shape.kind ?? r.kind,
        verbs: shape.verbs,
      });
    }
  }
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: groupVersionOf({ group, version }), resources: list };
}
