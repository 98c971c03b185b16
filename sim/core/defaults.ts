import { cpuToMillicores, memoryToBytes } from "./quantity";
import type { KObject } from "./types";

// Defaulting as kube-apiserver applies it when it decodes a request (pkg/apis/*/v1/defaults.go), plus the
// mutations of the default admission plugins a user sees on a pod (ServiceAccount, DefaultTolerationSeconds,
// Priority). Objects come back from the server with these fields set, and `kubectl apply`'s three-way diff and
// `kubectl get -o yaml` users both expect them.

/** What defaulting needs from the API layer: allocators that know which addresses and ports are taken. */
export interface DefaultingContext {
  allocateClusterIP(): string;
  allocateNodePort(): number;
}

type Obj = Record<string, any>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function setDefault<T>(target: Obj, key: string, value: T): void {
  if (target[key] === undefined || target[key] === null) target[key] = value;
}

/** Applies the defaults of `resource` to `obj` in place (obj must be a private copy). */
export function applyDefaults(resource: string, obj: KObject, ctx: DefaultingContext): void {
  switch (resource) {
    case "pods":
      defaultPod(obj);
      break;
    case "deployments":
      defaultDeployment(obj);
      break;
    case "replicasets":
      if (isObj(obj.spec)) {
        setDefault(obj.spec, "replicas", 1);
        defaultTemplate(obj.spec.template);
      }
      break;
    case "statefulsets":
      defaultStatefulSet(obj);
      break;
    case "services":
      defaultService(obj, ctx);
      break;
    case "namespaces":
      defaultNamespace(obj);
      break;
    case "persistentvolumeclaims":
      defaultPvcSpec(obj);
      break;
    case "persistentvolumes":
      if (isObj(obj.spec)) {
        setDefault(obj.spec, "persistentVolumeReclaimPolicy", "Retain");
        setDefault(obj.spec, "volumeMode", "Filesystem");
      }
      break;
    case "secrets":
      setDefault(obj, "type", "Opaque");
      break;
    case "limitranges":
      for (const item of obj.spec?.limits ?? []) if (isObj(item)) defaultLimitRangeItem(item);
      break;
    case "endpoints":
      for (const subset of obj.subsets ?? []) for (const port of subset?.ports ?? []) if (isObj(port)) setDefault(port, "protocol", "TCP");
      break;
    case "networkpolicies":
      defaultNetworkPolicy(obj);
      break;
  }
}

// --- Pods ---------------------------------------------------------------------------------------------------

function imagePullPolicyFor(image: unknown): string {
  if (typeof image !== "string") return "IfNotPresent";
  // A digest pins the image; otherwise the tag is what follows the last ':' after the last '/'.
  if (image.includes("@")) return "IfNotPresent";
  const lastSegment = image.slice(image.lastIndexOf("/") + 1);
  const colon = lastSegment.lastIndexOf(":");
  const tag = colon < 0 ? "" : lastSegment.slice(colon + 1);
  return tag === "" || tag === "latest" ? "Always" : "IfNotPresent";
}

function defaultProbe(probe: unknown): void {
  if (!isObj(probe)) return;
  setDefault(probe, "timeoutSeconds", 1);
  setDefault(probe, "periodSeconds", 10);
  setDefault(probe, "successThreshold", 1);
  setDefault(probe, "failureThreshold", 3);
  if (isObj(probe.httpGet)) {
    setDefault(probe.httpGet, "path", "/");
    setDefault(probe.httpGet, "scheme", "HTTP");
  }
}

function defaultContainer(c: unknown): void {
  if (!isObj(c)) return;
  setDefault(c, "terminationMessagePath", "/dev/termination-log");
  setDefault(c, "terminationMessagePolicy", "File");
  setDefault(c, "imagePullPolicy", imagePullPolicyFor(c.image));
  setDefault(c, "resources", {});
  for (const port of c.ports ?? []) if (isObj(port)) setDefault(port, "protocol", "TCP");
  for (const env of c.env ?? []) {
    if (isObj(env) && isObj(env.valueFrom) && isObj(env.valueFrom.fieldRef)) setDefault(env.valueFrom.fieldRef, "apiVersion", "v1");
  }
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
}

function defaultVolume(v: unknown): void {
  if (!isObj(v)) return;
  if (isObj(v.configMap)) setDefault(v.configMap, "defaultMode", 420);
  if (isObj(v.secret)) setDefault(v.secret, "defaultMode", 420);
  if (isObj(v.downwardAPI)) setDefault(v.downwardAPI, "defaultMode", 420);
  if (isObj(v.projected)) setDefault(v.projected, "defaultMode", 420);
  if (isObj(v.hostPath)) setDefault(v.hostPath, "type", "");
}

/** SetDefaults_PodSpec: what a pod template gets too. */
export function defaultPodSpec(spec: unknown): void {
  if (!isObj(spec)) return;
  setDefault(spec, "restartPolicy", "Always");
  setDefault(spec, "terminationGracePeriodSeconds", 30);
  setDefault(spec, "dnsPolicy", "ClusterFirst");
  setDefault(spec, "securityContext", {});
  setDefault(spec, "schedulerName", "default-scheduler");
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  for (const v of spec.volumes ?? []) defaultVolume(v);
}

function defaultTemplate(template: unknown): void {
  if (!isObj(template)) return;
  defaultPodSpec(template.spec);
}

const NOT_READY_TOLERATIONS = [
  { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
  { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
];

function defaultPod(pod: KObject): void {
  const spec = pod.spec;
  if (!isObj(spec)) return;
  defaultPodSpec(spec);
  setDefault(spec, "enableServiceLinks", true);
  // SetDefaults_Pod: a container that sets only limits requests the same amount.
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    if (!isObj(c) || !isObj(c.resources) || !isObj(c.resources.limits)) continue;
    const requests = isObj(c.resources.requests) ? c.resources.requests : {};
    for (const [name, value] of Object.entries(c.resources.limits)) if (requests[name] === undefined) requests[name] = value;
    c.resources.requests = requests;
  }
  // ServiceAccount admission.
  setDefault(spec, "serviceAccountName", spec.serviceAccount ?? "default");
  setDefault(spec, "serviceAccount", spec.serviceAccountName);
  // DefaultTolerationSeconds admission: only when the pod does not tolerate the taint already.
  const tolerations: Obj[] = Array.isArray(spec.tolerations) ? spec.tolerations : [];
  for (const t of NOT_READY_TOLERATIONS) {
    const has = tolerations.some((x) => isObj(x) && (x.key === t.key || (x.operator === "Exists" && !x.key)) && (!x.effect || x.effect === "NoExecute"));
    if (!has) tolerations.push({ ...t });
  }
  spec.tolerations = tolerations;
  // Priority admission.
  setDefault(spec, "priority", 0);
  setDefault(spec, "preemptionPolicy", "PreemptLowerPriority");
}

function quantityKey(resources: Obj | undefined, name: string): boolean {
  return isObj(resources) && resources[name] !== undefined;
}

/** The QoS class the API server writes into status.qosClass when a pod is created. */
export function podQosClass(pod: KObject): "Guaranteed" | "Burstable" | "BestEffort" {
  const containers: Obj[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].filter(isObj);
  let anySet = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests;
    const lim = c.resources?.limits;
    for (const name of ["cpu", "memory"]) {
      if (quantityKey(req, name) || quantityKey(lim, name)) anySet = true;
      if (!quantityKey(lim, name)) {
        guaranteed = false;
        continue;
      }
      if (quantityKey(req, name)) {
        const same =
          name === "cpu" ? cpuToMillicores(req[name]) === cpuToMillicores(lim[name]) : memoryToBytes(req[name]) === memoryToBytes(lim[name]);
        if (!same) guaranteed = false;
      }
    }
  }
  if (!anySet) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

// --- Workloads ------------------------------------------------------------------------------------------------

function defaultDeployment(d: KObject): void {
  const spec = d.spec;
  if (!isObj(spec)) return;
  setDefault(spec, "replicas", 1);
  setDefault(spec, "revisionHistoryLimit", 10);
  setDefault(spec, "progressDeadlineSeconds", 600);
  setDefault(spec, "strategy", {});
  setDefault(spec.strategy, "type", "RollingUpdate");
  if (spec.strategy.type === "RollingUpdate") {
    setDefault(spec.strategy, "rollingUpdate", {});
    setDefault(spec.strategy.rollingUpdate, "maxUnavailable", "25%");
    setDefault(spec.strategy.rollingUpdate, "maxSurge", "25%");
  }
  defaultTemplate(spec.template);
}

function defaultStatefulSet(s: KObject): void {
  const spec = s.spec;
  if (!isObj(spec)) return;
  setDefault(spec, "replicas", 1);
  setDefault(spec, "podManagementPolicy", "OrderedReady");
  setDefault(spec, "revisionHistoryLimit", 10);
  setDefault(spec, "updateStrategy", {});
  setDefault(spec.updateStrategy, "type", "RollingUpdate");
  if (spec.updateStrategy.type === "RollingUpdate") {
    setDefault(spec.updateStrategy, "rollingUpdate", {});
    setDefault(spec.updateStrategy.rollingUpdate, "partition", 0);
  }
  setDefault(spec, "persistentVolumeClaimRetentionPolicy", {});
  setDefault(spec.persistentVolumeClaimRetentionPolicy, "whenDeleted", "Retain");
  setDefault(spec.persistentVolumeClaimRetentionPolicy, "whenScaled", "Retain");
  for (const pvc of spec.volumeClaimTemplates ?? []) {
    if (!isObj(pvc)) continue;
    setDefault(pvc, "apiVersion", "v1");
    setDefault(pvc, "kind", "PersistentVolumeClaim");
    defaultPvcSpec(pvc);
    setDefault(pvc, "status", { phase: "Pending" });
  }
  defaultTemplate(spec.template);
}

function defaultPvcSpec(pvc: Obj): void {
  if (isObj(pvc.spec)) setDefault(pvc.spec, "volumeMode", "Filesystem");
}

// --- Services, namespaces, others ----------------------------------------------------------------------------

function defaultService(svc: KObject, ctx: DefaultingContext): void {
  const spec = svc.spec;
  if (!isObj(spec)) return;
  setDefault(spec, "type", "ClusterIP");
  setDefault(spec, "sessionAffinity", "None");
  for (const port of spec.ports ?? []) {
    if (!isObj(port)) continue;
    setDefault(port, "protocol", "TCP");
    setDefault(port, "targetPort", port.port);
  }
  if (spec.type === "ExternalName") return;
  if (spec.clusterIP === undefined || spec.clusterIP === "") {
    spec.clusterIP = Array.isArray(spec.clusterIPs) && spec.clusterIPs[0] ? spec.clusterIPs[0] : ctx.allocateClusterIP();
  }
  setDefault(spec, "clusterIPs", [spec.clusterIP]);
  setDefault(spec, "ipFamilies", ["IPv4"]);
  setDefault(spec, "ipFamilyPolicy", "SingleStack");
  setDefault(spec, "internalTrafficPolicy", "Cluster");
  if (spec.type === "NodePort" || spec.type === "LoadBalancer") {
    setDefault(spec, "externalTrafficPolicy", "Cluster");
    for (const port of spec.ports ?? []) if (isObj(port) && !port.nodePort) port.nodePort = ctx.allocateNodePort();
    if (spec.type === "LoadBalancer") setDefault(spec, "allocateLoadBalancerNodePorts", true);
  }
}

function defaultNamespace(ns: KObject): void {
  ns.spec = isObj(ns.spec) ? ns.spec : {};
  setDefault(ns.spec, "finalizers", ["kubernetes"]);
  // The NamespaceDefaultLabelName feature: every namespace carries its own name as a label, so selectors
  // (network policies, pod security exemptions) can match namespaces by name.
  ns.metadata.labels = { ...(ns.metadata.labels ?? {}), "kubernetes.io/metadata.name": ns.metadata.name! };
}

/** SetDefaults_LimitRangeItem: default ← max, defaultRequest ← default, then ← min. */
function defaultLimitRangeItem(item: Obj): void {
  if (item.type !== "Container") return;
  const def: Obj = isObj(item.default) ? item.default : {};
  const defReq: Obj = isObj(item.defaultRequest) ? item.defaultRequest : {};
  for (const [k, v] of Object.entries(item.max ?? {})) if (def[k] === undefined) def[k] = v;
  for (const [k, v] of Object.entries(def)) if (defReq[k] === undefined) defReq[k] = v;
  for (const [k, v] of Object.entries(item.min ?? {})) if (defReq[k] === undefined) defReq[k] = v;
  if (Object.keys(def).length) item.default = def;
  if (Object.keys(defReq).length) item.defaultRequest = defReq;
}

function defaultNetworkPolicy(np: KObject): void {
  const spec = np.spec;
  if (!isObj(spec)) return;
  for (const rule of [...(spec.ingress ?? []), ...(spec.egress ?? [])]) {
    for (const port of rule?.ports ?? []) if (isObj(port)) setDefault(port, "protocol", "TCP");
  }
  if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
    spec.policyTypes = Array.isArray(spec.egress) && spec.egress.length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
  }
}
