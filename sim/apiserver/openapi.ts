// A minimal OpenAPI v3: enough for kubectl ≥ 1.29 to find PATCH operations tagged with the GVK and a
// fieldValidation parameter, so `kubectl apply` validates server-side (fieldValidation=Strict) instead of failing.
// There is no /openapi/v2 (kubectl 1.27/1.28 need --validate=false) and no schemas (so no `kubectl explain`).
import { createHash } from "node:crypto";
import type { ResourceInfo } from "../core/types";
import { groupVersionOf } from "./discovery";

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

const QUERY_PARAMETERS = ["dryRun", "fieldManager", "fieldValidation", "force", "pretty"].map((name) => ({
  name,
  in: "query",
  schema: { type: name === "force" ? "boolean" : "string" },
  uniqueItems: true,
}));

export function openApiDocument(resources: ResourceInfo[], group: string, version: string, gitVersion: string): Record<string, unknown> | undefined {
  const served = resources.filter((r) => r.group === group && r.version === version);
  if (served.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  const prefix = `/${gvPath(group, version)}`;
  for (const r of served) {
    if (!r.verbs.includes("patch")) continue;
    const item = `${prefix}${r.namespaced ? "/namespaces/{namespace}" : ""}/${r.resource}/{name}`;
    paths[item] = {
      patch: {
        description: `partially update the specified ${r.kind}`,
        operationId: `patch${r.kind}`,
        tags: [groupVersionOf(r)],
        "x-kubernetes-action": "patch",
        "x-kubernetes-group-version-kind": { group: r.group, version: r.version, kind: r.kind },
        parameters: QUERY_PARAMETERS,
        responses: { "200": { description: "OK" }, "201": { description: "Created" }, "401": { description: "Unauthorized" } },
      },
    };
  }
  return { openapi: "3.0.0", info: { title: "Kubernetes", version: gitVersion }, paths, components: { schemas: {} } };
}

export function openApiRoot(resources: ResourceInfo[], gitVersion: string): Record<string, unknown> {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  const seen = new Set<string>();
  for (const r of resources) {
    const key = gvPath(r.group, r.version);
    if (seen.has(key)) continue;
    seen.add(key);
    const doc = openApiDocument(resources, r.group, r.version, gitVersion);
    const hash = createHash("sha512").update(JSON.stringify(doc)).digest("hex").toUpperCase();
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` };
  }
  return { paths };
}
