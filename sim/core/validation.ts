import { isValidQuantity, cpuToMillicores, memoryToBytes } from "./quantity";
import { qualifiedKind } from "./resources";
import { labelValueErrors, qualifiedNameErrors, selectorFromSpec } from "./selectors";
import { StatusError, type KObject, type ResourceInfo } from "./types";

// The validation users hit most, with kube-apiserver's field paths and messages (k8s.io/apimachinery
// util/validation/field), because kubectl and the console show them verbatim:
//   Deployment.apps "web" is invalid: spec.template.spec.containers[0].image: Required value

export type FieldErrorType = "Required" | "Invalid" | "Duplicate" | "NotSupported" | "Forbidden" | "NotFound" | "TooLong";

export interface FieldError {
  type: FieldErrorType;
  field: string;
  value?: unknown;
  detail?: string;
  supported?: string[];
}

const REASONS: Record<FieldErrorType, string> = {
  Required: "FieldValueRequired",
  Invalid: "FieldValueInvalid",
  Duplicate: "FieldValueDuplicate",
  NotSupported: "FieldValueNotSupported",
  Forbidden: "FieldValueForbidden",
  NotFound: "FieldValueNotFound",
  TooLong: "FieldValueTooLong",
};

/** A value printed the way Go's %#v prints it for the common cases. */
function goValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return `[]string{${value.map((v) => JSON.stringify(v)).join(", ")}}`;
  if (typeof value === "object" && Object.values(value).every((v) => typeof v === "string")) {
    const entries = Object.entries(value as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `map[string]string{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(", ")}}`;
  }
  return JSON.stringify(value);
}

/** The part after "field: ", also the `message` of a Status cause. */
export function fieldErrorBody(e: FieldError): string {
  switch (e.type) {
    case "Required":
      return e.detail ? `Required value: ${e.detail}` : "Required value";
    case "Invalid":
      return `Invalid value: ${goValue(e.value)}${e.detail ? `: ${e.detail}` : ""}`;
    case "Duplicate":
      return `Duplicate value: ${goValue(e.value)}`;
    case "NotSupported":
      return `Unsupported value: ${goValue(e.value)}${e.supported ? `: supported values: ${e.supported.map((s) => JSON.stringify(s)).join(", ")}` : ""}`;
    case "Forbidden":
      return `Forbidden: ${e.detail ?? ""}`;
    case "NotFound":
      return `Not found: ${goValue(e.value)}`;
    case "TooLong":
      return `Too long: ${e.detail ?? ""}`;
  }
}

/** StatusError 422 Invalid for `errors` about object `name` of `info`'s kind. */
export function invalidError(info: ResourceInfo, name: string, errors: FieldError[]): StatusError {
  const parts = errors.map((e) => `${e.field}: ${fieldErrorBody(e)}`);
  const summary = parts.length === 1 ? parts[0] : `[${parts.join(", ")}]`;
  return new StatusError(422, "Invalid", `${qualifiedKind(info)} "${name}" is invalid: ${summary}`, {
    name,
    group: info.group,
    kind: info.kind,
    causes: errors.map((e) => ({ reason: REASONS[e.type], message: fieldErrorBody(e), field: e.field })),
  });
}

// --- Names ---------------------------------------------------------------------------------------------------

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_LABEL_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

export function dns1123LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push("must be no more than 63 characters");
  if (!DNS1123_LABEL.test(value)) errs.push(DNS1123_LABEL_MSG);
  return errs;
}

export function dns1123SubdomainErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push("must be no more than 253 characters");
  if (!DNS1123_SUBDOMAIN.test(value)) errs.push(DNS1123_SUBDOMAIN_MSG);
  return errs;
}

function dns1035LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push("must be no more than 63 characters");
  if (!DNS1035_LABEL.test(value)) errs.push(DNS1035_LABEL_MSG);
  return errs;
}

function pathSegmentErrors(value: string): string[] {
  if (value === "." || value === "..") return [`may not be '${value}'`];
  for (const bad of ["/", "%"]) if (value.includes(bad)) return [`may not contain '${bad}'`];
  return [];
}

/** The name rule of each kind's registry strategy. */
function nameErrors(resource: string, name: string): string[] {
  switch (resource) {
    case "namespaces":
      return dns1123LabelErrors(name);
    case "services":
      return dns1035LabelErrors(name);
    case "roles":
    case "rolebindings":
    case "clusterroles":
    case "clusterrolebindings":
      return pathSegmentErrors(name);
    default:
      return dns1123SubdomainErrors(name);
  }
}

function validateMetadata(info: ResourceInfo, obj: KObject, errs: FieldError[]): void {
  const meta = obj.metadata;
  if (!meta.name) {
    errs.push({ type: "Required", field: "metadata.name", detail: "name or generateName is required" });
  } else {
    const problems = nameErrors(info.resource, meta.name);
    if (problems.length) errs.push({ type: "Invalid", field: "metadata.name", value: meta.name, detail: problems.join(", ") });
  }
  for (const [key, value] of Object.entries(meta.labels ?? {})) {
    const keyErrs = qualifiedNameErrors(key);
    if (keyErrs.length) errs.push({ type: "Invalid", field: "metadata.labels", value: key, detail: keyErrs.join(", ") });
    const valueErrs = typeof value === "string" ? labelValueErrors(value) : ["must be a string"];
    if (valueErrs.length) errs.push({ type: "Invalid", field: "metadata.labels", value, detail: valueErrs.join(", ") });
  }
  for (const key of Object.keys(meta.annotations ?? {})) {
    const keyErrs = qualifiedNameErrors(key.toLowerCase());
    if (keyErrs.length) errs.push({ type: "Invalid", field: "metadata.annotations", value: key, detail: keyErrs.join(", ") });
  }
}

// --- Quantities ----------------------------------------------------------------------------------------------

const QUANTITY_REGEX_MSG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

function podSpecsOf(resource: string, obj: KObject): any[] {
  if (resource === "pods") return [obj.spec];
  if (resource === "deployments" || resource === "replicasets" || resource === "statefulsets") return [obj.spec?.template?.spec];
  return [];
}

/**
 * A malformed quantity never reaches validation in kube-apiserver: it fails to decode, which is a 400, e.g.
 * `Deployment in version "v1" cannot be handled as a Deployment: quantities must match the regular expression …`.
 */
export function checkQuantities(info: ResourceInfo, obj: KObject): void {
  const lists: unknown[] = [];
  for (const spec of podSpecsOf(info.resource, obj)) {
    for (const c of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]) lists.push(c?.resources?.requests, c?.resources?.limits);
  }
  if (info.resource === "resourcequotas") lists.push(obj.spec?.hard);
  if (info.resource === "limitranges") {
    for (const item of obj.spec?.limits ?? []) lists.push(item?.max, item?.min, item?.default, item?.defaultRequest, item?.maxLimitRequestRatio);
  }
  if (info.resource === "persistentvolumeclaims") lists.push(obj.spec?.resources?.requests);
  for (const list of lists) {
    if (!list || typeof list !== "object") continue;
    for (const value of Object.values(list)) {
      if (!isValidQuantity(value)) {
        throw new StatusError(400, "BadRequest", `${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: ${QUANTITY_REGEX_MSG}`);
      }
    }
  }
}

// --- Pod specs -----------------------------------------------------------------------------------------------

function validateContainers(list: unknown, path: string, errs: FieldError[], names: Set<string>, requireImage: boolean, volumes: Set<string>): void {
  if (!Array.isArray(list)) return;
  list.forEach((c: any, i: number) => {
    const p = `${path}[${i}]`;
    if (!c || typeof c !== "object") {
      errs.push({ type: "Required", field: p });
      return;
    }
    if (!c.name) errs.push({ type: "Required", field: `${p}.name` });
    else {
      const problems = dns1123LabelErrors(c.name);
      if (problems.length) errs.push({ type: "Invalid", field: `${p}.name`, value: c.name, detail: problems.join(", ") });
      if (names.has(c.name)) errs.push({ type: "Duplicate", field: `${p}.name`, value: c.name });
      names.add(c.name);
    }
    if (requireImage && (!c.image || (typeof c.image === "string" && !c.image.trim()))) errs.push({ type: "Required", field: `${p}.image` });
    (c.ports ?? []).forEach((port: any, j: number) => {
      const pp = `${p}.ports[${j}]`;
      if (!(Number.isInteger(port?.containerPort) && port.containerPort >= 1 && port.containerPort <= 65535)) {
        errs.push({ type: "Invalid", field: `${pp}.containerPort`, value: port?.containerPort ?? 0, detail: "must be between 1 and 65535, inclusive" });
      }
      if (port?.hostPort !== undefined && !(Number.isInteger(port.hostPort) && port.hostPort >= 0 && port.hostPort <= 65535)) {
        errs.push({ type: "Invalid", field: `${pp}.hostPort`, value: port.hostPort, detail: "must be between 1 and 65535, inclusive" });
      }
      if (port?.protocol !== undefined && !["TCP", "UDP", "SCTP"].includes(port.protocol)) {
        errs.push({ type: "NotSupported", field: `${pp}.protocol`, value: port.protocol, supported: ["SCTP", "TCP", "UDP"] });
      }
    });
    (c.volumeMounts ?? []).forEach((m: any, j: number) => {
      if (!m?.name) errs.push({ type: "Required", field: `${p}.volumeMounts[${j}].name` });
      else if (!volumes.has(m.name)) errs.push({ type: "NotFound", field: `${p}.volumeMounts[${j}].name`, value: m.name });
      if (!m?.mountPath) errs.push({ type: "Required", field: `${p}.volumeMounts[${j}].mountPath` });
    });
    const requests = c.resources?.requests ?? {};
    const limits = c.resources?.limits ?? {};
    for (const name of Object.keys(requests)) {
      if (limits[name] === undefined) continue;
      const toNum = name === "cpu" ? cpuToMillicores : memoryToBytes;
      if (toNum(requests[name]) > toNum(limits[name])) {
        errs.push({ type: "Invalid", field: `${p}.resources.requests`, value: String(requests[name]), detail: `must be less than or equal to ${name} limit of ${limits[name]}` });
      }
    }
  });
}

function validatePodSpec(spec: any, path: string, errs: FieldError[], opts: { template: boolean; claimTemplates?: Set<string> }): void {
  if (!spec || typeof spec !== "object") {
    errs.push({ type: "Required", field: path });
    return;
  }
  // A StatefulSet's volumeClaimTemplates become volumes of its pods, so its containers may mount them by name
  // (kube-apiserver validates the template with those volumes added).
  const volumes = new Set<string>(opts.claimTemplates);
  (spec.volumes ?? []).forEach((v: any, i: number) => {
    if (!v?.name) errs.push({ type: "Required", field: `${path}.volumes[${i}].name` });
    else if (volumes.has(v.name)) errs.push({ type: "Duplicate", field: `${path}.volumes[${i}].name`, value: v.name });
    else volumes.add(v.name);
  });
  if (!Array.isArray(spec.containers) || spec.containers.length === 0) errs.push({ type: "Required", field: `${path}.containers` });
  const names = new Set<string>();
  validateContainers(spec.containers, `${path}.containers`, errs, names, true, volumes);
  validateContainers(spec.initContainers, `${path}.initContainers`, errs, names, true, volumes);
  const policies = opts.template ? ["Always"] : ["Always", "OnFailure", "Never"];
  if (spec.restartPolicy !== undefined && !policies.includes(spec.restartPolicy)) {
    errs.push({ type: "NotSupported", field: `${path}.restartPolicy`, value: spec.restartPolicy, supported: policies });
  }
  if (spec.dnsPolicy !== undefined && !["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"].includes(spec.dnsPolicy)) {
    errs.push({ type: "NotSupported", field: `${path}.dnsPolicy`, value: spec.dnsPolicy, supported: ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"] });
  }
  if (spec.terminationGracePeriodSeconds !== undefined && !(Number.isInteger(spec.terminationGracePeriodSeconds) && spec.terminationGracePeriodSeconds >= 0)) {
    errs.push({ type: "Invalid", field: `${path}.terminationGracePeriodSeconds`, value: spec.terminationGracePeriodSeconds, detail: "must be greater than or equal to 0" });
  }
}

// --- Workloads -----------------------------------------------------------------------------------------------

function validateWorkload(info: ResourceInfo, obj: KObject, errs: FieldError[]): void {
  const spec = obj.spec;
  if (!spec || typeof spec !== "object") {
    errs.push({ type: "Required", field: "spec" });
    return;
  }
  if (spec.replicas !== undefined && !(Number.isInteger(spec.replicas) && spec.replicas >= 0)) {
    errs.push({ type: "Invalid", field: "spec.replicas", value: spec.replicas, detail: "must be greater than or equal to 0" });
  }
  const selector = spec.selector;
  if (!selector) errs.push({ type: "Required", field: "spec.selector" });
  else if (!Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length) {
    errs.push({ type: "Invalid", field: "spec.selector", value: selector, detail: `empty selector is invalid for ${info.singular}` });
  } else {
    const labels = spec.template?.metadata?.labels ?? {};
    if (!selectorFromSpec(selector).matches(labels)) {
      errs.push({ type: "Invalid", field: "spec.template.metadata.labels", value: labels, detail: "`selector` does not match template `labels`" });
    }
  }
  if (!spec.template) errs.push({ type: "Required", field: "spec.template" });
  else {
    const claimTemplates = info.resource === "statefulsets" ? new Set<string>(((spec.volumeClaimTemplates ?? []) as any[]).map((claim) => claim?.metadata?.name).filter(Boolean)) : undefined;
    validatePodSpec(spec.template.spec, "spec.template.spec", errs, { template: true, claimTemplates });
  }
  if (info.resource === "deployments" && spec.strategy) {
    const strategy = spec.strategy;
    if (!["RollingUpdate", "Recreate"].includes(strategy.type)) {
      errs.push({ type: "NotSupported", field: "spec.strategy.type", value: strategy.type, supported: ["Recreate", "RollingUpdate"] });
    } else if (strategy.type === "Recreate" && strategy.rollingUpdate) {
      errs.push({ type: "Forbidden", field: "spec.strategy.rollingUpdate", detail: "may not be specified when strategy `type` is 'Recreate'" });
    } else if (strategy.type === "RollingUpdate" && strategy.rollingUpdate) {
      const isZero = (v: unknown) => v === 0 || v === "0%" || v === "0";
      if (isZero(strategy.rollingUpdate.maxSurge) && isZero(strategy.rollingUpdate.maxUnavailable)) {
        errs.push({ type: "Invalid", field: "spec.strategy.rollingUpdate.maxUnavailable", value: strategy.rollingUpdate.maxUnavailable, detail: "may not be 0 when `maxSurge` is 0" });
      }
    }
  }
}

function validateService(obj: KObject, errs: FieldError[]): void {
  const spec = obj.spec;
  if (!spec || typeof spec !== "object") {
    errs.push({ type: "Required", field: "spec" });
    return;
  }
  const types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
  if (!types.includes(spec.type)) errs.push({ type: "NotSupported", field: "spec.type", value: spec.type, supported: types });
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  if (ports.length === 0 && spec.type !== "ExternalName" && spec.clusterIP !== "None") errs.push({ type: "Required", field: "spec.ports" });
  const seen = new Set<string>();
  const names = new Set<string>();
  ports.forEach((port: any, i: number) => {
    const p = `spec.ports[${i}]`;
    if (ports.length > 1 && !port?.name) errs.push({ type: "Required", field: `${p}.name` });
    if (port?.name) {
      if (names.has(port.name)) errs.push({ type: "Duplicate", field: `${p}.name`, value: port.name });
      names.add(port.name);
    }
    if (!(Number.isInteger(port?.port) && port.port >= 1 && port.port <= 65535)) {
      errs.push({ type: "Invalid", field: `${p}.port`, value: port?.port ?? 0, detail: "must be between 1 and 65535, inclusive" });
    }
    const key = `${port?.port}/${port?.protocol}`;
    if (seen.has(key)) errs.push({ type: "Duplicate", field: p, value: { port: port.port, protocol: port.protocol } });
    seen.add(key);
    if (port?.nodePort !== undefined && !(Number.isInteger(port.nodePort) && port.nodePort >= 30000 && port.nodePort <= 32767)) {
      errs.push({ type: "Invalid", field: `${p}.nodePort`, value: port.nodePort, detail: "provided port is not in the valid range. The range of valid ports is 30000-32767" });
    }
  });
}

/** Validation of a new object. Returns the field errors (empty when valid). */
export function validateObject(info: ResourceInfo, obj: KObject): FieldError[] {
  const errs: FieldError[] = [];
  validateMetadata(info, obj, errs);
  switch (info.resource) {
    case "pods":
      validatePodSpec(obj.spec, "spec", errs, { template: false });
      break;
    case "deployments":
    case "replicasets":
    case "statefulsets":
      validateWorkload(info, obj, errs);
      break;
    case "services":
      validateService(obj, errs);
      break;
  }
  return errs;
}

// --- Updates -------------------------------------------------------------------------------------------------

/** Deep equality treating absent, null and empty values alike (Go's semantic.DeepEqual on decoded structs). */
export function semanticEqual(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) =>
    v === undefined || v === null || v === "" || v === false || v === 0 ||
    (Array.isArray(v) && v.length === 0) || (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
  if (empty(a) && empty(b)) return true;
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => semanticEqual(v, bb[i]));
  }
  if (typeof a === "object" && a !== null && b !== null) {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) if (!semanticEqual(ao[k], bo[k])) return false;
    return true;
  }
  return a === b;
}

const POD_UPDATE_FORBIDDEN =
  "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

function podSpecMutableStripped(spec: any): any {
  const copy = JSON.parse(JSON.stringify(spec ?? {}));
  for (const c of [...(copy.containers ?? []), ...(copy.initContainers ?? [])]) if (c) delete c.image;
  delete copy.activeDeadlineSeconds;
  delete copy.tolerations;
  return copy;
}

/** Validation of an update: the new object's own validity plus the fields that may not change. */
export function validateUpdate(info: ResourceInfo, obj: KObject, old: KObject): FieldError[] {
  const errs = validateObject(info, obj);
  switch (info.resource) {
    case "deployments":
    case "replicasets":
      if (old.spec?.selector && !semanticEqual(obj.spec?.selector, old.spec.selector)) {
        errs.push({ type: "Invalid", field: "spec.selector", value: obj.spec?.selector ?? null, detail: "field is immutable" });
      }
      break;
    case "statefulsets": {
      const mutable = ["replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"];
      const strip = (s: any) => Object.fromEntries(Object.entries(s ?? {}).filter(([k]) => !mutable.includes(k)));
      if (!semanticEqual(strip(obj.spec), strip(old.spec))) {
        errs.push({
          type: "Forbidden",
          field: "spec",
          detail:
            "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        });
      }
      break;
    }
    case "services": {
      const oldIP = old.spec?.clusterIP;
      const newIP = obj.spec?.clusterIP;
      if (oldIP && oldIP !== newIP && old.spec?.type !== "ExternalName" && obj.spec?.type !== "ExternalName") {
        errs.push({ type: "Invalid", field: "spec.clusterIPs[0]", value: obj.spec?.clusterIPs ?? [newIP ?? ""], detail: "may not change once set" });
      }
      break;
    }
    case "pods": {
      if (!semanticEqual(podSpecMutableStripped(obj.spec), podSpecMutableStripped(old.spec))) {
        errs.push({ type: "Forbidden", field: "spec", detail: POD_UPDATE_FORBIDDEN });
      }
      const oldTolerations: unknown[] = old.spec?.tolerations ?? [];
      const newTolerations: unknown[] = obj.spec?.tolerations ?? [];
      if (!oldTolerations.every((t) => newTolerations.some((n) => semanticEqual(n, t)))) {
        errs.push({ type: "Forbidden", field: "spec.tolerations", detail: "existing toleration can not be modified except its tolerationSeconds" });
      }
      break;
    }
    case "configmaps":
    case "secrets": {
      if (old.immutable === true) {
        if (!semanticEqual(obj.data, old.data)) errs.push({ type: "Forbidden", field: "data", detail: "field is immutable when `immutable` is set" });
        if (info.resource === "configmaps" && !semanticEqual(obj.binaryData, old.binaryData)) {
          errs.push({ type: "Forbidden", field: "binaryData", detail: "field is immutable when `immutable` is set" });
        }
        if (obj.immutable !== true) errs.push({ type: "Forbidden", field: "immutable", detail: "field is immutable when `immutable` is set" });
      }
      if (info.resource === "secrets" && (obj.type ?? "Opaque") !== (old.type ?? "Opaque")) {
        errs.push({ type: "Invalid", field: "type", value: obj.type, detail: "field is immutable" });
      }
      break;
    }
    case "persistentvolumeclaims": {
      const strip = (s: any) => ({ ...(s ?? {}), resources: undefined, volumeName: undefined });
      if (!semanticEqual(strip(obj.spec), strip(old.spec))) {
        errs.push({ type: "Forbidden", field: "spec", detail: "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims" });
      }
      break;
    }
  }
  if (old.metadata.deletionTimestamp) {
    const oldFinalizers = new Set(old.metadata.finalizers ?? []);
    const added = (obj.metadata.finalizers ?? []).filter((f) => !oldFinalizers.has(f));
    if (added.length) {
      errs.push({ type: "Forbidden", field: "metadata.finalizers", detail: `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(", ")}}` });
    }
  }
  return errs;
}
