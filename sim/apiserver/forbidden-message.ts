// 403 messages worded exactly as kube-apiserver's responsewriters.Forbidden, because kubectl prints them verbatim
// (`Error from server (Forbidden): deployments.apps is forbidden: User "u" cannot create resource …`).
import { StatusError } from "../core/types";

export interface AuthorizationAttributes {
  verb: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  apiGroup?: string;
  path?: string;
}

export function forbiddenError(username: string, attrs: AuthorizationAttributes, reason?: string): StatusError {
  let message: string;
  if (!attrs.resource) {
    message = `User "${username}" cannot ${attrs.verb} path "${attrs.path ?? "/"}"`;
  } else {
    const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
    const scope = attrs.namespace ? `in the namespace "${attrs.namespace}"` : "at the cluster scope";
    message = `User "${username}" cannot ${attrs.verb} resource "${resource}" in API group "${attrs.apiGroup ?? ""}" ${scope}`;
  }
  if (reason) message = `${message}: ${reason}`;
  const qualified = attrs.resource ? (attrs.apiGroup ? `${attrs.resource}.${attrs.apiGroup}` : attrs.resource) : "";
  const full = !qualified ? `forbidden: ${message}` : attrs.name ? `${qualified} "${attrs.name}" is forbidden: ${message}` : `${qualified} is forbidden: ${message}`;
  return new StatusError(403, "Forbidden", full, { ...(attrs.name ? { name: attrs.name } : {}), group: attrs.apiGroup ?? "", kind: attrs.resource ?? "" });
}
