import { cpuToMillicores, formatBytes, formatMillicores, memoryToBytes, quantityToNumber } from "./quantity";
import { qualifiedResource } from "./resources";
import { StatusError, type KObject, type ResourceInfo } from "./types";

// ResourceQuota admission (plugin/pkg/admission/resourcequota + pkg/quota/v1/evaluator/core) and the usage the
// quota controller keeps in status.used. Usage is always recomputed from the namespace's objects instead of
// being incremented, so it cannot drift when a write fails half-way.

/** Lists the objects of one resource in one namespace (the API layer's store). */
export type NamespaceLister = (resource: string, namespace: string) => KObject[];

const COMPUTE_KEYS = new Set(["cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"]);


function isTerminal(pod: KObject): boolean {
  return pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
}

type Amount = number; // millicores for cpu keys, bytes for memory/storage keys, a count otherwise

function isCpuKey(key: string): boolean {
  return key === "cpu" || key.endsWith(".cpu");
}

function isBytesKey(key: string): boolean {
  return key === "memory" || key.endsWith(".memory") || key.endsWith("storage");
}

function parseAmount(key: string, value: unknown): Amount {
  const v = value as string | number;
  if (isCpuKey(key)) return cpuToMillicores(v);
  if (isBytesKey(key)) return memoryToBytes(v);
  return quantityToNumber(v);
}

function formatDecimalBytes(bytes: number): string {
  if (bytes === 0) return "0";
  if (bytes % 1024 === 0) return formatBytes(bytes);
  for (const [suffix, size] of [["E", 1e18], ["P", 1e15], ["T", 1e12], ["G", 1e9], ["M", 1e6], ["k", 1e3]] as const) {
    if (bytes % size === 0) return `${bytes / size}${suffix}`;
  }
  return String(bytes);
}

/** The canonical text the API server prints for an amount of `key`. */
export function formatAmount(key: string, amount: Amount): string {
  if (isCpuKey(key)) return formatMillicores(amount);
  if (isBytesKey(key)) return formatDecimalBytes(amount);
  return String(amount);
}

function containerAmount(c: any, kind: "requests" | "limits", res: "cpu" | "memory"): Amount | undefined {
  const v = c?.resources?.[kind]?.[res];
  if (v === undefined || v === null) return undefined;
  return res === "cpu" ? cpuToMillicores(v) : memoryToBytes(v);
}

/** A pod's effective amount: max(sum of app containers, largest init container), as the scheduler and quota count. */
function podAmount(pod: KObject, kind: "requests" | "limits", res: "cpu" | "memory"): Amount {
  let sum = 0;
  for (const c of pod.spec?.containers ?? []) sum += containerAmount(c, kind, res) ?? 0;
  let init = 0;
  for (const c of pod.spec?.initContainers ?? []) init = Math.max(init, containerAmount(c, kind, res) ?? 0);
  return Math.max(sum, init);
}

/** What one object adds to quota key `key` when it exists. */
function objectUsage(resource: string, obj: KObject, key: string): Amount {
  if (key.startsWith("count/")) {
    const target = key.slice("count/".length);
    const plain = target.split(".")[0];
    if (plain !== resource) return 0;
    return resource === "pods" && isTerminal(obj) ? 0 : 1;
  }
  switch (resource) {
    case "pods": {
      if (isTerminal(obj)) return 0;
      switch (key) {
        case "pods":
          return 1;
        case "cpu":
        case "requests.cpu":
          return podAmount(obj, "requests", "cpu");
        case "memory":
        case "requests.memory":
          return podAmount(obj, "requests", "memory");
        case "limits.cpu":
          return podAmount(obj, "limits", "cpu");
        case "limits.memory":
          return podAmount(obj, "limits", "memory");
      }
      return 0;
    }
    case "services":
      if (key === "services") return 1;
      if (key === "services.nodeports") return obj.spec?.type === "NodePort" || obj.spec?.type === "LoadBalancer" ? (obj.spec?.ports?.length ?? 0) : 0;
      if (key === "services.loadbalancers") return obj.spec?.type === "LoadBalancer" ? 1 : 0;
      return 0;
    case "secrets":
      return key === "secrets" ? 1 : 0;
    case "configmaps":
      return key === "configmaps" ? 1 : 0;
    case "persistentvolumeclaims":
      if (key === "persistentvolumeclaims") return 1;
      if (key === "requests.storage") {
        const v = obj.spec?.resources?.requests?.storage;
        return v === undefined ? 0 : memoryToBytes(v);
      }
      return 0;
  }
  return 0;
}

/** The resources whose objects count towards `key`. */
function resourcesForKey(key: string): string[] {
  if (key.startsWith("count/")) return [key.slice("count/".length).split(".")[0]];
  if (COMPUTE_KEYS.has(key) || key === "pods") return ["pods"];
  if (key.startsWith("services")) return ["services"];
  if (key === "secrets") return ["secrets"];
  if (key === "configmaps") return ["configmaps"];
  if (key === "persistentvolumeclaims" || key === "requests.storage") return ["persistentvolumeclaims"];
  return [];
}

/** Whether objects of `resource` count towards any of the quota's limits (so its status.used must follow them). */
export function quotaCovers(quota: KObject, resource: string): boolean {
  return Object.keys(quota.spec?.hard ?? {}).some((key) => resourcesForKey(key).includes(resource));
}

/** status.used for a quota, recomputed from the namespace's objects. Keys follow spec.hard. */
export function computeQuotaUsed(quota: KObject, list: NamespaceLister): Record<string, string> {
  const namespace = quota.metadata.namespace!;
  const used: Record<string, string> = {};
  for (const key of Object.keys(quota.spec?.hard ?? {})) {
    let total = 0;
    for (const resource of resourcesForKey(key)) for (const obj of list(resource, namespace)) total += objectUsage(resource, obj, key);
    used[key] = formatAmount(key, total);
  }
  return used;
}

function forbidden(info: ResourceInfo, name: string, message: string): StatusError {
  return new StatusError(403, "Forbidden", `${qualifiedResource(info)} "${name}" is forbidden: ${message}`, {
    name,
    group: info.group,
    kind: info.resource,
  });
}

/** The `must specify limits.cpu for: app` constraint: a quota on compute makes every container state it. */
function missingConstraints(pod: KObject, hardKeys: string[]): string | undefined {
  const required = hardKeys.filter((k) => COMPUTE_KEYS.has(k));
  if (!required.length) return undefined;
  const missing = new Map<string, Set<string>>();
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    const has = new Set<string>();
    if (c?.resources?.requests?.cpu !== undefined) has.add("cpu").add("requests.cpu");
    if (c?.resources?.requests?.memory !== undefined) has.add("memory").add("requests.memory");
    if (c?.resources?.limits?.cpu !== undefined) has.add("limits.cpu");
    if (c?.resources?.limits?.memory !== undefined) has.add("limits.memory");
    for (const key of required) {
      if (has.has(key)) continue;
      if (!missing.has(key)) missing.set(key, new Set());
      missing.get(key)!.add(c?.name ?? "");
    }
  }
  if (!missing.size) return undefined;
  const parts = [...missing.keys()].sort().map((key) => `${key} for: ${[...missing.get(key)!].sort().join(",")}`);
  return `must specify ${parts.join("; ")}`;
}

/**
 * Admits the creation of `obj` against every quota of its namespace, or throws 403 Forbidden with the
 * real message: `pods "web-abc" is forbidden: exceeded quota: compute, requested: requests.cpu=500m, used:
 * requests.cpu=1800m, limited: requests.cpu=2`.
 */
export function admitResourceQuota(info: ResourceInfo, obj: KObject, quotas: KObject[], list: NamespaceLister): void {
  if (!quotas.length) return;
  const name = obj.metadata.name ?? "";
  const sorted = [...quotas].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
  for (const quota of sorted) {
    const hard: Record<string, unknown> = quota.spec?.hard ?? {};
    const keys = Object.keys(hard);
    if (info.resource === "pods") {
      const missing = missingConstraints(obj, keys);
      if (missing) throw forbidden(info, name, `failed quota: ${quota.metadata.name}: ${missing}`);
    }
    const failed: string[] = [];
    const requested: Record<string, Amount> = {};
    const usedNow: Record<string, Amount> = {};
    for (const key of keys) {
      if (!resourcesForKey(key).includes(info.resource)) continue;
      const delta = objectUsage(info.resource, obj, key);
      if (delta <= 0) continue;
      let used = 0;
      for (const o of list(info.resource, obj.metadata.namespace!)) used += objectUsage(info.resource, o, key);
      requested[key] = delta;
      usedNow[key] = used;
      if (used + delta > parseAmount(key, hard[key])) failed.push(key);
    }
    if (failed.length) {
      failed.sort();
      const show = (amounts: (k: string) => string) => failed.map((k) => `${k}=${amounts(k)}`).join(",");
      throw forbidden(
        info,
        name,
        `exceeded quota: ${quota.metadata.name}, requested: ${show((k) => formatAmount(k, requested[k]))}, used: ${show((k) =>
          formatAmount(k, usedNow[k]),
        )}, limited: ${show((k) => formatAmount(k, parseAmount(k, hard[k])))}`,
      );
    }
  }
}
