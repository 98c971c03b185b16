import { StatusError } from "../core/types";

// RFC 6902 JSON Patch with RFC 6901 pointers, as kube-apiserver applies `application/json-patch+json`
// (evanphx/json-patch). `kubectl rollout undo` and @kubernetes/client-node's default patch type use it.

type Op = { op: string; path: string; from?: string; value?: unknown };

/** A patch that fails to decode is a 400; one that decodes but does not apply is a 422, as kube-apiserver answers. */
function badRequest(message: string): StatusError {
  return new StatusError(400, "BadRequest", message);
}

function doesNotApply(message: string): StatusError {
  return new StatusError(422, "Invalid", message, { causes: [{ reason: "FieldValueInvalid", message }] });
}

function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw badRequest(`JSON pointer must start with "/": ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split("/")
    .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function arrayIndex(token: string, length: number, allowEnd: boolean): number | undefined {
  if (allowEnd && token === "-") return length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
  const index = Number(token);
  return index <= (allowEnd ? length : length - 1) ? index : undefined;
}

/** Deep equality for JSON values, as the `test` operation needs (key order is irrelevant). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && jsonEqual(a[key], b[key]));
  }
  return false;
}

/** Walks to the container holding the last token; undefined when an intermediate step is missing. */
function resolveParent(doc: unknown, tokens: string[]): unknown {
  let node = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(node)) {
      const index = arrayIndex(token, node.length, false);
      if (index === undefined) return undefined;
      node = node[index];
    } else if (isObject(node)) {
      if (!Object.prototype.hasOwnProperty.call(node, token)) return undefined;
      node = node[token];
    } else {
      return undefined;
    }
  }
  return node;
}

function getAt(doc: unknown, path: string): { found: boolean; value?: unknown } {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return { found: true, value: doc };
  const parent = resolveParent(doc, tokens);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const index = arrayIndex(last, parent.length, false);
    return index === undefined ? { found: false } : { found: true, value: parent[index] };
  }
  if (isObject(parent) && Object.prototype.hasOwnProperty.call(parent, last)) return { found: true, value: parent[last] };
  return { found: false };
}

function add(doc: unknown, path: string, value: unknown, opName = "add"): unknown {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return value;
  const parent = resolveParent(doc, tokens);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const index = arrayIndex(last, parent.length, true);
    if (index === undefined) throw doesNotApply(`jsonpatch ${opName} operation does not apply: index out of bounds: ${path}`);
    parent.splice(index, 0, value);
  } else if (isObject(parent)) {
    parent[last] = value;
  } else {
    throw doesNotApply(`jsonpatch ${opName} operation does not apply: doc is missing path: ${path}`);
  }
  return doc;
}

function remove(doc: unknown, path: string, opName = "remove"): { doc: unknown; removed: unknown } {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return { doc: null, removed: doc };
  const parent = resolveParent(doc, tokens);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const index = arrayIndex(last, parent.length, false);
    if (index === undefined) throw doesNotApply(`jsonpatch ${opName} operation does not apply: doc is missing path: ${path}`);
    const [removed] = parent.splice(index, 1);
    return { doc, removed };
  }
  if (isObject(parent) && Object.prototype.hasOwnProperty.call(parent, last)) {
    const removed = parent[last];
    delete parent[last];
    return { doc, removed };
  }
  throw doesNotApply(`jsonpatch ${opName} operation does not apply: doc is missing path: ${path}`);
}

function replace(doc: unknown, path: string, value: unknown): unknown {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return value;
  const parent = resolveParent(doc, tokens);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const index = arrayIndex(last, parent.length, false);
    if (index === undefined) throw doesNotApply(`jsonpatch replace operation does not apply: doc is missing key: ${path}`);
    parent[index] = value;
    return doc;
  }
  if (isObject(parent) && Object.prototype.hasOwnProperty.call(parent, last)) {
    parent[last] = value;
    return doc;
  }
  throw doesNotApply(`jsonpatch replace operation does not apply: doc is missing key: ${path}`);
}

function decode(patch: unknown): Op[] {
  let ops = patch;
  if (typeof ops === "string") {
    try {
      ops = JSON.parse(ops);
    } catch (err) {
      throw badRequest(`invalid JSON patch: ${(err as Error).message}`);
    }
  }
  if (!Array.isArray(ops)) throw badRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  return ops.map((raw) => {
    if (!isObject(raw)) throw badRequest("json: cannot unmarshal non-object into Go value of type jsonpatch.Operation");
    const op = raw.op;
    if (typeof op !== "string" || !["add", "remove", "replace", "move", "copy", "test"].includes(op)) {
      throw badRequest(`Unexpected kind: ${String(op)}`);
    }
    if (typeof raw.path !== "string") throw badRequest(`operation ${op} is missing path`);
    if ((op === "move" || op === "copy") && typeof raw.from !== "string") throw badRequest(`operation ${op} is missing from`);
    if ((op === "add" || op === "replace" || op === "test") && !("value" in raw)) {
      throw badRequest(`operation ${op} is missing value`);
    }
    return raw as Op;
  });
}

/** Applies an RFC 6902 patch to a copy of `doc`. Throws StatusError 400 for a malformed patch, 422 when it does not apply. */
export function applyJsonPatch<T>(doc: T, patch: unknown): T {
  const ops = decode(patch);
  let result: unknown = structuredClone(doc);
  for (const op of ops) {
    switch (op.op) {
      case "add":
        result = add(result, op.path, structuredClone(op.value));
        break;
      case "remove":
        result = remove(result, op.path).doc;
        break;
      case "replace":
        result = replace(result, op.path, structuredClone(op.value));
        break;
      case "move": {
        const from = op.from as string;
        if (op.path !== from && op.path.startsWith(from + "/")) {
          throw doesNotApply(`jsonpatch move operation does not apply: cannot move ${from} into its own child ${op.path}`);
        }
        const removed = remove(result, from, "move");
        result = add(removed.doc, op.path, removed.removed, "move");
        break;
      }
      case "copy": {
        const source = getAt(result, op.from as string);
        if (!source.found) throw doesNotApply(`jsonpatch copy operation does not apply: doc is missing from path: ${op.from}`);
        result = add(result, op.path, structuredClone(source.value), "copy");
        break;
      }
      case "test": {
        const target = getAt(result, op.path);
        if (!target.found || !jsonEqual(target.value, op.value)) {
          throw doesNotApply(`testing value ${op.path} failed: test failed`);
        }
        break;
      }
    }
  }
  return result as T;
}
