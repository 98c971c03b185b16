import { parse as parseYaml } from "yaml";
import { StatusError, type KObject, type PatchType } from "../core/types";
import { applyJsonPatch } from "./json-patch";
import { applyMergePatch } from "./merge-patch";
import { applyStrategicMergePatch } from "./strategic-merge-patch";

// The single entry point the API layer calls for PATCH requests, whatever the Content-Type.
//
// Server-side apply ("apply", `application/apply-patch+yaml`) is approximated as a strategic merge of the
// applied configuration onto the live object: fields the configuration sets win, list items merge by key.
// Field ownership (managedFields, conflicts, removal of fields a manager stopped applying) is not modelled.

function decode(type: PatchType, patch: unknown): unknown {
  let text: string | undefined;
  if (typeof patch === "string") text = patch;
  else if (patch instanceof Uint8Array) text = Buffer.from(patch).toString("utf8");
  if (text === undefined) return patch;
  try {
    return JSON.parse(text);
  } catch (jsonError) {
    // An apply body is YAML (kubectl sends JSON, which is YAML too); every other patch type must be JSON.
    if (type === "apply") {
      try {
        return parseYaml(text);
      } catch (yamlError) {
        throw new StatusError(400, "BadRequest", `error decoding YAML: ${(yamlError as Error).message}`);
      }
    }
    throw new StatusError(400, "BadRequest", `error decoding patch: ${(jsonError as Error).message}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Returns `original` with `patch` applied, never mutating `original`. Throws StatusError 400 for a malformed
 *  patch and 422 for one that does not apply (JSON patch `test` failures, missing paths, missing merge keys). */
export function applyPatch(kind: string, original: KObject, type: PatchType, patch: unknown): KObject {
  const decoded = decode(type, patch);
  let result: unknown;
  switch (type) {
    case "json":
      result = applyJsonPatch(original, decoded);
      break;
    case "merge":
      if (!isObject(decoded)) throw new StatusError(400, "BadRequest", "merge patch must be a JSON object");
      result = applyMergePatch(original, decoded);
      break;
    case "strategic":
      result = applyStrategicMergePatch(kind, original, decoded);
      break;
    case "apply": {
      if (!isObject(decoded)) throw new StatusError(400, "BadRequest", "apply patch must be an object");
      const meta = decoded.metadata;
      if (isObject(meta) && meta.managedFields !== undefined) {
        throw new StatusError(400, "BadRequest", "metadata.managedFields must be nil");
      }
      result = applyStrategicMergePatch(kind, original, decoded);
      break;
    }
    default:
      throw new StatusError(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
  }
  if (!isObject(result)) {
    throw new StatusError(422, "Invalid", "the server rejected our request due to an error in our request: the patched document is not an object");
  }
  return result as KObject;
}
