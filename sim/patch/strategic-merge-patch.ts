import { StatusError } from "../core/types";
import { jsonEqual } from "./json-patch";
import { fieldPatchMeta, rootPatchType, type FieldPatchMeta } from "./patch-meta";

// Strategic merge patch as k8s.io/apimachinery/pkg/util/strategicpatch applies it on the server
// (`application/strategic-merge-patch+json`). kubectl apply, set image and rollout pause/resume/restart
// send it, with `$setElementOrder/containers` on every apply: a plain merge patch would replace the
// containers list and silently drop every container field the patch does not repeat (ports, env, …).
//
// List ordering follows apimachinery too (normalizeElementOrder / mergeSortedSlice): `$setElementOrder`
// beats the order in the patch, which beats the live order — so, as on a real server, a container added by
// a patch without `$setElementOrder` lands before the containers the patch does not mention.

type JsonMap = Record<string, unknown>;

const PATCH = "$patch";
const RETAIN_KEYS = "$retainKeys";
const SET_ELEMENT_ORDER = "$setElementOrder/";
const DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";

function isObject(value: unknown): value is JsonMap {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function badRequest(message: string): StatusError {
  return new StatusError(400, "BadRequest", message);
}

function invalid(message: string): StatusError {
  return new StatusError(422, "Invalid", message, { causes: [{ reason: "FieldValueInvalid", message, field: "patch" }] });
}

function hasMergeStrategy(meta: FieldPatchMeta | undefined): boolean {
  return meta?.strategy === "merge" || meta?.strategy === "merge,retainKeys";
}

const noMergeKey = (item: JsonMap, mergeKey: string) => invalid(`map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`);

/** Merges `patch` into `original` (which it may mutate; callers pass private copies). */
function mergeMap(original: JsonMap, patch: JsonMap, type: string | undefined): JsonMap {
  const directive = patch[PATCH];
  if (directive === "replace") return mergeMap({}, withoutKey(patch, PATCH), type);
  // The apimachinery answer to `$patch: delete` inside a map is an empty map.
  if (directive === "delete") return {};
  if (directive !== undefined && directive !== "merge") throw badRequest(`Unknown patch type: ${String(directive)} in map: ${JSON.stringify(patch)}`);

  const retainKeys = patch[RETAIN_KEYS];
  if (retainKeys !== undefined) {
    if (!Array.isArray(retainKeys)) throw badRequest("invalid patch format of retainKeys");
    for (const [key, value] of Object.entries(patch)) {
      if (value === null || key.startsWith("$")) continue;
      if (!retainKeys.includes(key)) throw badRequest("invalid patch format of retainKeys");
    }
    for (const key of Object.keys(original)) {
      if (!retainKeys.includes(key)) delete original[key];
    }
  }

  const handled = new Set<string>();
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!Array.isArray(order)) throw badRequest("invalid patch format of setElementOrder list");
    const field = key.slice(SET_ELEMENT_ORDER.length);
    applySetElementOrder(original, patch, field, order, fieldPatchMeta(type, field));
    handled.add(field);
  }

  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      if (!Array.isArray(value)) throw badRequest("invalid patch format of primitive list");
      const field = key.slice(DELETE_FROM_PRIMITIVE_LIST.length);
      const current = original[field];
      if (Array.isArray(current)) original[field] = current.filter((item) => !value.some((gone) => jsonEqual(gone, item)));
      continue;
    }
    if (key.startsWith("$") || handled.has(key)) continue;
    if (value === null) {
      delete original[key];
      continue;
    }
    original[key] = mergeValue(original[key], value, fieldPatchMeta(type, key));
  }
  return original;
}

function mergeValue(original: unknown, patch: unknown, meta: FieldPatchMeta | undefined): unknown {
  if (isObject(patch)) {
    if (meta?.strategy === "replace" || !isObject(original)) return mergeMap({}, patch, meta?.type);
    return mergeMap(original, patch, meta?.type);
  }
  if (Array.isArray(patch)) {
    if (hasMergeStrategy(meta)) return mergeList(Array.isArray(original) ? original : [], patch, meta as FieldPatchMeta);
    // An untagged list is atomic; still drop directives and nulls a client may have left in its maps.
    return patch.map((item) => (isObject(item) ? mergeMap({}, item, meta?.type) : item));
  }
  return patch;
}

/** mergeSlice: special elements (`$patch: delete|replace`) first, then merge by key, then order. */
function mergeList(original: unknown[], patch: unknown[], meta: FieldPatchMeta): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const maps = elementsAreMaps(original, patch);
  if (!maps) {
    // Lists of scalars with strategy merge (finalizers) are sets: union, first occurrence wins.
    const merged: unknown[] = [];
    for (const item of [...original, ...patch]) if (!merged.some((seen) => jsonEqual(seen, item))) merged.push(item);
    return normalizeElementOrder(merged, patch, original, (item) => item);
  }

  const mergeKey = meta.mergeKey;
  if (mergeKey === undefined) throw invalid("cannot merge lists without merge key for type map");
  let server = [...original] as JsonMap[];
  let items: JsonMap[] = [];
  let replace = false;
  for (const item of patch as JsonMap[]) {
    const directive = item[PATCH];
    if (directive === undefined) items.push(item);
    else if (directive === "delete") {
      if (!(mergeKey in item)) throw noMergeKey(item, mergeKey);
      server = server.filter((candidate) => !jsonEqual(candidate[mergeKey], item[mergeKey]));
    } else if (directive === "replace") replace = true;
    else if (directive === "merge") throw badRequest("merging lists cannot yet be specified in the patch");
    else throw badRequest(`Unknown patch type: ${String(directive)} in map: ${JSON.stringify(item)}`);
  }
  if (replace) {
    server = items.map((item) => mergeMap({}, item, meta.type));
    items = [];
  }

  const merged = [...server];
  for (const item of items) {
    if (!(mergeKey in item)) throw noMergeKey(item, mergeKey);
    const index = merged.findIndex((candidate) => jsonEqual(candidate[mergeKey], item[mergeKey]));
    if (index >= 0) merged[index] = mergeMap(merged[index], item, meta.type);
    else merged.push(mergeMap({}, item, meta.type));
  }
  return normalizeElementOrder(merged, items, server, (item) => (item as JsonMap)[mergeKey]);
}

function elementsAreMaps(...lists: unknown[][]): boolean {
  let kind: string | undefined;
  for (const list of lists) {
    for (const item of list) {
      const itemKind = isObject(item) ? "map" : Array.isArray(item) ? "list" : typeof item;
      if (itemKind === "list") throw invalid("lists of lists are not supported");
      if (kind !== undefined && kind !== itemKind) throw invalid(`list element types are not identical: ${JSON.stringify(lists)}`);
      kind = itemKind;
    }
  }
  return kind === "map";
}

/** mergePatchIntoOriginal: merges `field` and orders it by the `$setElementOrder/<field>` list. */
function applySetElementOrder(original: JsonMap, patch: JsonMap, field: string, order: unknown[], meta: FieldPatchMeta | undefined) {
  const live = original[field];
  const patched = patch[field];
  const hasLive = Array.isArray(live);
  const hasPatch = Array.isArray(patched);
  if (!hasLive && !hasPatch) return;
  const merged = (hasPatch ? mergeValue(hasLive ? live : undefined, patched, meta) : live) as unknown[];
  const mergeKey = meta?.mergeKey;
  const maps = merged.some(isObject);
  if (maps && mergeKey === undefined) {
    original[field] = merged;
    return;
  }
  original[field] = normalizeElementOrder(merged, order, hasLive ? (live as unknown[]) : [], (item) => (maps ? (item as JsonMap)[mergeKey as string] : item));
}

/**
 * normalizeElementOrder + mergeSortedSlice: the items named in `patchOrder` are sorted by it, the others
 * (server-only) by `serverOrder`, and the two runs are interleaved by their position in `serverOrder`; an
 * item the server did not have goes before the server-only items that follow.
 */
function normalizeElementOrder(merged: unknown[], patchOrder: unknown[], serverOrder: unknown[], keyOf: (item: unknown) => unknown): unknown[] {
  const indexIn = (list: unknown[], item: unknown) => {
    const key = keyOf(item);
    return list.findIndex((candidate) => jsonEqual(keyOf(candidate), key));
  };
  const patchItems: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const item of merged) (indexIn(patchOrder, item) >= 0 ? patchItems : serverOnly).push(item);
  patchItems.sort((a, b) => indexIn(patchOrder, a) - indexIn(patchOrder, b));
  serverOnly.sort((a, b) => indexIn(serverOrder, a) - indexIn(serverOrder, b));

  const result: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < patchItems.length) {
    if (j >= patchItems.length) result.push(serverOnly[i++]);
    else if (i >= serverOnly.length) result.push(patchItems[j++]);
    else {
      const left = indexIn(serverOrder, serverOnly[i]);
      const right = indexIn(serverOrder, patchItems[j]);
      if (left >= 0 && right >= 0 && left < right) result.push(serverOnly[i++]);
      else result.push(patchItems[j++]);
    }
  }
  return result;
}

function withoutKey(map: JsonMap, key: string): JsonMap {
  const copy = { ...map };
  delete copy[key];
  return copy;
}

/** Applies a strategic merge patch to a copy of `original`, an object of `kind`. */
export function applyStrategicMergePatch<T>(kind: string, original: T, patch: unknown): T {
  if (!isObject(patch)) throw badRequest(`json: cannot unmarshal ${Array.isArray(patch) ? "array" : typeof patch} into Go value of type map[string]interface {}`);
  const base = isObject(original) ? structuredClone(original) : {};
  // The patch is cloned too so the result never aliases caller-owned values.
  return mergeMap(base, structuredClone(patch), rootPatchType(kind)) as T;
}
