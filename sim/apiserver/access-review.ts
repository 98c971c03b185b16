// SelfSubjectAccessReview / SubjectAccessReview / LocalSubjectAccessReview, answered by the same authorizer
// that guards every request, so `kubectl auth can-i` (also with --as) tells the truth.
import { StatusError, type KObject, type UserInfo } from "../core/types";
import type { Authorize } from "./authenticate";
import type { AuthorizationAttributes } from "./forbidden-message";

function attributesOf(spec: any): AuthorizationAttributes {
  if (spec?.resourceAttributes) {
    const r = spec.resourceAttributes;
    return {
      verb: r.verb ?? "",
      resource: r.resource ?? "",
      ...(r.subresource ? { subresource: r.subresource } : {}),
      ...(r.namespace ? { namespace: r.namespace } : {}),
      ...(r.name ? { name: r.name } : {}),
      apiGroup: r.group ?? "",
    };
  }
  if (spec?.nonResourceAttributes) return { verb: spec.nonResourceAttributes.verb ?? "", path: spec.nonResourceAttributes.path ?? "" };
  throw new StatusError(422, "Invalid", `${"SelfSubjectAccessReview.authorization.k8s.io"} "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified`);
}

export function accessReview(kind: "SelfSubjectAccessReview" | "SubjectAccessReview" | "LocalSubjectAccessReview", body: KObject, requester: UserInfo, authorize: Authorize, pathNamespace?: string): KObject {
  const spec = body?.spec ?? {};
  let subject: UserInfo = requester;
  if (kind !== "SelfSubjectAccessReview") {
    if (!spec.user && !(spec.groups ?? []).length) {
      throw new StatusError(422, "Invalid", `${kind}.authorization.k8s.io "" is invalid: spec.user: Invalid value: "": at least one of user or group must be specified`);
    }
    subject = { username: spec.user ?? "", groups: spec.groups ?? [] };
  }
  const attrs = attributesOf(spec);
  if (kind === "LocalSubjectAccessReview" && pathNamespace) attrs.namespace = pathNamespace;
  const decision = authorize(subject, attrs);
  // Like the RBAC authorizer, a plain denial carries no reason, which is why `kubectl auth can-i` prints just "no".
  const status: Record<string, unknown> = { allowed: decision.allowed };
  if (decision.allowed && decision.reason) status.reason = decision.reason;
  return {
    kind,
    apiVersion: "authorization.k8s.io/v1",
    metadata: { ...(body?.metadata ?? {}), creationTimestamp: null as unknown as string },
    spec,
    status,
  };
}
