// Turns a request path into the attributes kube-apiserver's RequestInfoFactory derives: the verb as RBAC sees it,
// group/version, namespace, resource, name and subresource. Routing and authorization both read from it.

export interface RequestInfo {
  isResourceRequest: boolean;
  path: string;
  verb: string;
  apiGroup: string;
  apiVersion: string;
  namespace?: string;
  resource?: string;
  name?: string;
  subresource?: string;
  /** Path segments after the subresource (nodes/{n}/proxy/metrics/cadvisor → ["metrics", "cadvisor"]). */
  rest: string[];
}

// Sub-paths of /namespaces/{name}/… that are subresources of the namespace rather than namespaced resources.
const NAMESPACE_SUBRESOURCES = new Set(["status", "finalize"]);

const VERB_BY_METHOD: Record<string, string> = { POST: "create", GET: "get", HEAD: "get", PUT: "update", PATCH: "patch", DELETE: "delete" };

export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const parts = path.split("/").filter((p) => p !== "").map(decodeURIComponent);
  const nonResource: RequestInfo = { isResourceRequest: false, path, verb: (VERB_BY_METHOD[method] === "get" ? "get" : method.toLowerCase()), apiGroup: "", apiVersion: "", rest: [] };
  if (parts[0] !== "api" && parts[0] !== "apis") return nonResource;
  let apiGroup: string;
  let apiVersion: string;
  let current: string[];
  if (parts[0] === "api") {
    if (parts.length < 2) return nonResource;
    apiGroup = "";
    apiVersion = parts[1];
    current = parts.slice(2);
  } else {
    if (parts.length < 3) return nonResource;
    apiGroup = parts[1];
    apiVersion = parts[2];
    current = parts.slice(3);
  }
  if (current.length === 0) return { ...nonResource };

  let verb = VERB_BY_METHOD[method] ?? method.toLowerCase();
  let legacyWatch = false;
  if (current[0] === "watch") {
    legacyWatch = true;
    current = current.slice(1);
  }
  let namespace: string | undefined;
  if (current[0] === "namespaces" && current.length > 1) {
    namespace = current[1];
    if (current.length > 2 && !NAMESPACE_SUBRESOURCES.has(current[2])) current = current.slice(2);
  }
  const resource = current[0];
  const name = current.length >= 2 ? current[1] : undefined;
  const subresource = current.length >= 3 ? current[2] : undefined;
  const rest = current.slice(3);

  if (legacyWatch) verb = "watch";
  else if (verb === "get" && !name) verb = isTrue(query.get("watch")) ? "watch" : "list";
  else if (verb === "get" && name && !subresource && isTrue(query.get("watch"))) verb = "watch";
  else if (verb === "delete" && !name) verb = "deletecollection";
  return { isResourceRequest: true, path, verb, apiGroup, apiVersion, namespace, resource, name, subresource, rest };
}

export function isTrue(value: string | null | undefined): boolean {
  return value === "true" || value === "1";
}
