// Strategic-merge-patch metadata: the `patchStrategy` / `patchMergeKey` struct tags of the Kubernetes Go
// types (k8s.io/api/{core,apps,rbac,networking}/v1/types.go), for the kinds the simulator serves. Each
// struct is described once by type name and kinds map their top-level fields onto those types, so the
// PodSpec under a Deployment's spec.template merges exactly like a Pod's spec.
//
// A field missing here behaves like an untagged Go field: maps merge recursively, lists are replaced.

export type PatchStrategy = "merge" | "replace" | "retainKeys" | "merge,retainKeys";

export interface FieldPatchMeta {
  /** Struct type of the value (for an object) or of each element (for a list), to keep descending. */
  type?: string;
  /** The patchStrategy tag; absent means the Go default (lists replaced, maps merged). */
  strategy?: PatchStrategy;
  /** The patchMergeKey tag, for lists of objects merged by key. */
  mergeKey?: string;
}

type StructMeta = Record<string, FieldPatchMeta>;

const conditions: FieldPatchMeta = { strategy: "merge", mergeKey: "type" };
const podTemplate: FieldPatchMeta = { type: "PodTemplateSpec" };
const metadata: FieldPatchMeta = { type: "ObjectMeta" };

const structs: Record<string, StructMeta> = {
  ObjectMeta: {
    ownerReferences: { strategy: "merge", mergeKey: "uid" },
    finalizers: { strategy: "merge" },
  },
  PodTemplateSpec: { metadata, spec: { type: "PodSpec" } },
  PodSpec: {
    containers: { type: "Container", strategy: "merge", mergeKey: "name" },
    initContainers: { type: "Container", strategy: "merge", mergeKey: "name" },
    ephemeralContainers: { type: "Container", strategy: "merge", mergeKey: "name" },
    volumes: { type: "Volume", strategy: "merge,retainKeys", mergeKey: "name" },
    imagePullSecrets: { strategy: "merge", mergeKey: "name" },
    hostAliases: { strategy: "merge", mergeKey: "ip" },
    topologySpreadConstraints: { strategy: "merge", mergeKey: "topologyKey" },
    resourceClaims: { strategy: "merge,retainKeys", mergeKey: "name" },
    schedulingGates: { strategy: "merge", mergeKey: "name" },
    // tolerations, readinessGates and affinity's term lists carry no strategy: replaced whole.
  },
  Container: {
    env: { strategy: "merge", mergeKey: "name" },
    ports: { strategy: "merge", mergeKey: "containerPort" },
    volumeMounts: { strategy: "merge", mergeKey: "mountPath" },
    volumeDevices: { strategy: "merge", mergeKey: "devicePath" },
    // envFrom, command, args and resizePolicy are atomic.
  },
  Volume: {},
  PodStatus: {
    conditions,
    podIPs: { strategy: "merge", mergeKey: "ip" },
    hostIPs: { strategy: "merge", mergeKey: "ip" },
  },
  DeploymentSpec: { template: podTemplate, strategy: { strategy: "retainKeys" } },
  DeploymentStatus: { conditions },
  ReplicaSetSpec: { template: podTemplate },
  ReplicaSetStatus: { conditions },
  // volumeClaimTemplates has no strategy tag: replaced whole.
  StatefulSetSpec: { template: podTemplate },
  StatefulSetStatus: { conditions },
  DaemonSetSpec: { template: podTemplate },
  DaemonSetStatus: { conditions },
  JobSpec: { template: podTemplate },
  JobStatus: { conditions },
  CronJobSpec: { jobTemplate: { type: "JobTemplateSpec" } },
  JobTemplateSpec: { metadata, spec: { type: "JobSpec" } },
  ServiceSpec: { ports: { strategy: "merge", mergeKey: "port" } },
  ServiceStatus: { conditions },
  // taints have no strategy tag in NodeSpec: replaced whole.
  NodeSpec: {},
  NodeStatus: { conditions, addresses: { strategy: "merge", mergeKey: "type" } },
  NamespaceStatus: { conditions },
  PersistentVolumeClaimStatus: { conditions },
  // EndpointSubset lists and RBAC rules / subjects carry no strategy: replaced whole.
  NetworkPolicySpec: {},
};

/** Top-level fields of each kind, mapped onto the struct types above. */
const kinds: Record<string, StructMeta> = {
  Pod: { spec: { type: "PodSpec" }, status: { type: "PodStatus" } },
  PodTemplate: { template: podTemplate },
  Deployment: { spec: { type: "DeploymentSpec" }, status: { type: "DeploymentStatus" } },
  ReplicaSet: { spec: { type: "ReplicaSetSpec" }, status: { type: "ReplicaSetStatus" } },
  StatefulSet: { spec: { type: "StatefulSetSpec" }, status: { type: "StatefulSetStatus" } },
  DaemonSet: { spec: { type: "DaemonSetSpec" }, status: { type: "DaemonSetStatus" } },
  Job: { spec: { type: "JobSpec" }, status: { type: "JobStatus" } },
  CronJob: { spec: { type: "CronJobSpec" } },
  Service: { spec: { type: "ServiceSpec" }, status: { type: "ServiceStatus" } },
  Node: { spec: { type: "NodeSpec" }, status: { type: "NodeStatus" } },
  Namespace: { status: { type: "NamespaceStatus" } },
  PersistentVolumeClaim: { status: { type: "PersistentVolumeClaimStatus" } },
  NetworkPolicy: { spec: { type: "NetworkPolicySpec" } },
};

const kindRoot = (kind: string) => "kind:" + kind;

/** The struct type name to start a strategic merge at for an object of `kind`. */
export function rootPatchType(kind: string): string {
  return kindRoot(kind);
}

/** Patch metadata of `field` within struct `type` (a name from rootPatchType or a FieldPatchMeta.type). */
export function fieldPatchMeta(type: string | undefined, field: string): FieldPatchMeta | undefined {
  if (type === undefined) return undefined;
  if (type.startsWith("kind:")) {
    if (field === "metadata") return metadata;
    return kinds[type.slice(5)]?.[field];
  }
  return structs[type]?.[field];
}
