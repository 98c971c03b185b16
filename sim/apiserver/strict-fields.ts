// fieldValidation=Strict for the fields the simulator knows: unknown top-level fields (and unknown fields in a
// Deployment/ReplicaSet/StatefulSet spec) are refused with the real strict-decoding message. Deeper fields are
// accepted, as they are round-tripped untouched.
import { StatusError, type KObject } from "../core/types";

const COMMON = ["apiVersion", "kind", "metadata"];
const TOP_LEVEL: Record<string, string[]> = {
  ConfigMap: ["data", "binaryData", "immutable"],
  Secret: ["data", "stringData", "type", "immutable"],
  ServiceAccount: ["secrets", "imagePullSecrets", "automountServiceAccountToken"],
  Role: ["rules"],
  ClusterRole: ["rules", "aggregationRule"],
  RoleBinding: ["subjects", "roleRef"],
  ClusterRoleBinding: ["subjects", "roleRef"],
  Endpoints: ["subsets"],
  ControllerRevision: ["data", "revision"],
};
const SPEC_AND_STATUS = ["spec", "status"];
// Kinds whose shape is loose enough (Events, reviews) that the simulator does not second-guess their fields.
const UNCHECKED = new Set(["Event", "SelfSubjectAccessReview", "SubjectAccessReview", "LocalSubjectAccessReview", "Binding", "Eviction", "Scale"]);

const WORKLOAD_SPEC: Record<string, string[]> = {
  Deployment: ["replicas", "selector", "template", "strategy", "minReadySeconds", "revisionHistoryLimit", "paused", "progressDeadlineSeconds"],
  ReplicaSet: ["replicas", "minReadySeconds", "selector", "template"],
  StatefulSet: ["replicas", "selector", "template", "volumeClaimTemplates", "serviceName", "podManagementPolicy", "updateStrategy", "revisionHistoryLimit", "minReadySeconds", "persistentVolumeClaimRetentionPolicy", "ordinals"],
};

/** Throws 400 BadRequest (`strict decoding error: unknown field "spec.foo"`) for fields the kind does not have. */
export function checkStrictFields(obj: KObject, version: string): void {
  if (UNCHECKED.has(obj.kind)) return;
  const allowed = new Set([...COMMON, ...(TOP_LEVEL[obj.kind] ?? SPEC_AND_STATUS)]);
  const unknown = Object.keys(obj).filter((k) => !allowed.has(k));
  const specFields = WORKLOAD_SPEC[obj.kind];
  if (specFields && obj.spec && typeof obj.spec === "object") {
    for (const k of Object.keys(obj.spec)) if (!specFields.includes(k)) unknown.push(`spec.${k}`);
  }
  if (unknown.length === 0) return;
  const fields = unknown.map((f) => `unknown field "${f}"`).join(", ");
  throw new StatusError(400, "BadRequest", `${obj.kind} in version "${version}" cannot be handled as a ${obj.kind}: strict decoding error: ${fields}`);
}
