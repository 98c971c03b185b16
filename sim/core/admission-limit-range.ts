import { cpuToMillicores, memoryToBytes, quantityToNumber } from "./quantity";
import { StatusError, type KObject } from "./types";

// The LimitRanger admission plugin: fills in container requests/limits from the namespace's LimitRanges
// (default, defaultRequest) and then enforces min, max and maxLimitRequestRatio per Container and per Pod.

function amount(resource: string, value: unknown): number {
  const v = value as string | number;
  if (resource === "cpu") return cpuToMillicores(v);
  if (resource === "memory" || resource.includes("storage")) return memoryToBytes(v);
  return quantityToNumber(v);
}

function containersOf(pod: KObject): any[] {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].filter((c) => c && typeof c === "object");
}

/** Applies default (limits) and defaultRequest (requests) of every Container item to containers that lack them. */
export function applyLimitRangeDefaults(pod: KObject, limitRanges: KObject[]): void {
  for (const lr of limitRanges) {
    for (const item of lr.spec?.limits ?? []) {
      if (item?.type !== "Container") continue;
      for (const c of containersOf(pod)) {
        c.resources = c.resources && typeof c.resources === "object" ? c.resources : {};
        for (const [res, value] of Object.entries(item.default ?? {})) {
          if (c.resources.limits?.[res] !== undefined) continue;
          c.resources.limits = { ...(c.resources.limits ?? {}), [res]: value };
        }
        for (const [res, value] of Object.entries(item.defaultRequest ?? {})) {
          if (c.resources.requests?.[res] !== undefined) continue;
          // A limit the user wrote without a request already became the request in pod defaulting, which runs
          // before admission; so only containers that said nothing get defaultRequest.
          c.resources.requests = { ...(c.resources.requests ?? {}), [res]: value };
        }
      }
    }
  }
}

function checkItem(
  kind: "Container" | "Pod",
  item: any,
  requests: Record<string, unknown>,
  limits: Record<string, unknown>,
  errors: string[],
): void {
  for (const [res, min] of Object.entries(item.min ?? {})) {
    const m = amount(res, min);
    if (requests[res] === undefined) errors.push(`minimum ${res} usage per ${kind} is ${min}.  No request is specified`);
    else if (amount(res, requests[res]) < m) errors.push(`minimum ${res} usage per ${kind} is ${min}, but request is ${requests[res]}`);
    if (limits[res] !== undefined && amount(res, limits[res]) < m) errors.push(`minimum ${res} usage per ${kind} is ${min}, but limit is ${limits[res]}`);
  }
  for (const [res, max] of Object.entries(item.max ?? {})) {
    const m = amount(res, max);
    if (limits[res] === undefined) errors.push(`maximum ${res} usage per ${kind} is ${max}.  No limit is specified`);
    else if (amount(res, limits[res]) > m) errors.push(`maximum ${res} usage per ${kind} is ${max}, but limit is ${limits[res]}`);
    if (requests[res] !== undefined && amount(res, requests[res]) > m) errors.push(`maximum ${res} usage per ${kind} is ${max}, but request is ${requests[res]}`);
  }
  for (const [res, ratio] of Object.entries(item.maxLimitRequestRatio ?? {})) {
    if (limits[res] === undefined || requests[res] === undefined) continue;
    const req = amount(res, requests[res]);
    const lim = amount(res, limits[res]);
    if (req === 0) continue;
    const actual = lim / req;
    if (actual > quantityToNumber(ratio as string)) {
      errors.push(`${res} max limit to request ratio per ${kind} is ${ratio}, but provided ratio is ${actual.toFixed(6)}`);
    }
  }
}

/** Checks min/max/ratio; returns the error text LimitRanger puts after `is forbidden: `, or undefined. */
export function limitRangeViolation(pod: KObject, limitRanges: KObject[]): string | undefined {
  const errors: string[] = [];
  for (const lr of limitRanges) {
    for (const item of lr.spec?.limits ?? []) {
      if (item?.type === "Container") {
        for (const c of containersOf(pod)) checkItem("Container", item, c.resources?.requests ?? {}, c.resources?.limits ?? {}, errors);
      } else if (item?.type === "Pod") {
        // Pod items bound the sum over the pod's containers; a sum exists only when every container sets it.
        const sum = (kind: "requests" | "limits") => {
          const out: Record<string, string> = {};
          const all: any[] = pod.spec?.containers ?? [];
          for (const res of new Set([...Object.keys(item.min ?? {}), ...Object.keys(item.max ?? {})])) {
            if (!all.length || all.some((c) => c?.resources?.[kind]?.[res] === undefined)) continue;
            const total = all.reduce((acc, c) => acc + amount(res, c.resources[kind][res]), 0);
            out[res] = res === "cpu" ? `${total}m` : String(total);
          }
          return out;
        };
        checkItem("Pod", item, sum("requests"), sum("limits"), errors);
      }
    }
  }
  if (!errors.length) return undefined;
  return errors.length === 1 ? errors[0] : `[${errors.join(", ")}]`;
}

/** Defaults then checks a pod; throws 403 Forbidden like `pods "web" is forbidden: maximum cpu usage per Container is 2, but limit is 4`. */
export function admitLimitRange(pod: KObject, limitRanges: KObject[]): void {
  if (!limitRanges.length) return;
  applyLimitRangeDefaults(pod, limitRanges);
  const violation = limitRangeViolation(pod, limitRanges);
  if (violation) {
    const name = pod.metadata.name ?? "";
    throw new StatusError(403, "Forbidden", `pods "${name}" is forbidden: ${violation}`, { name, kind: "pods" });
  }
}
