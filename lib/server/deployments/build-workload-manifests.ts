import "server-only";
import type * as k8s from "@kubernetes/client-node";
import { containerSize } from "@/lib/contracts/container-sizes";
import type { Probe, PreStopHook, WorkloadSpec } from "@/lib/contracts/workloads";
import { REGISTRY_PULL_SECRET } from "@/lib/server/tenancy/provision-tenant";
import type { ResolvedTenant } from "@/lib/server/tenancy/tenants";

// The form's WorkloadSpec as Kubernetes objects. readWorkloadSpec is the exact inverse, so everything written here
// is read back there; a change to one needs the same change to the other (the round-trip test holds them together).

export const NAME_LABEL = "app.kubernetes.io/name";
export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
export const SIZE_ANNOTATION = "apiary.io/size";
/** The one container Apiary manages in a workload's pod. */
export const APP_CONTAINER = "app";
/** The StatefulSet's per-replica volume claim. */
export const DATA_VOLUME = "data";

export type WorkloadObject = (k8s.V1Deployment & { kind: "Deployment" }) | (k8s.V1StatefulSet & { kind: "StatefulSet" });

export interface WorkloadManifests {
  workload: WorkloadObject;
  /** The spec's Service; for a StatefulSet without one, the headless Service that governs its pod names. */
  service: k8s.V1Service | null;
}

/** "1" → 1 and "25%" → "25%": Kubernetes reads an intOrString number as a count only when it is a JSON number. */
export function toIntOrString(value: string): number | string {
  return value.endsWith("%") ? value : Number(value);
}

function toProbe(probe: Probe): k8s.V1Probe {
  const timings = {
    initialDelaySeconds: probe.initialDelaySeconds,
    periodSeconds: probe.periodSeconds,
    timeoutSeconds: probe.timeoutSeconds,
    failureThreshold: probe.failureThreshold,
  };
  if (probe.type === "http") return { httpGet: { path: probe.path, port: probe.port }, ...timings } as k8s.V1Probe;
  if (probe.type === "tcp") return { tcpSocket: { port: probe.port }, ...timings } as k8s.V1Probe;
  return { exec: { command: [...probe.command] }, ...timings };
}

function toPreStop(hook: PreStopHook): k8s.V1LifecycleHandler {
  return hook.type === "sleep" ? { sleep: { seconds: hook.seconds } } : { exec: { command: [...hook.command] } };
}

/** The pod template: one container sized by the price book, passing the namespace's `restricted` Pod Security. */
function podTemplate(spec: WorkloadSpec, labels: Record<string, string>): k8s.V1PodTemplateSpec {
  const size = containerSize(spec.size);
  const resources = { cpu: `${size.cpuMillicores}m`, memory: `${size.memoryMiB}Mi` };
  const container: k8s.V1Container = {
    name: APP_CONTAINER,
    image: spec.image,
    // Limits equal requests: Guaranteed QoS, and what the tenant pays for is what the container may use.
    resources: { requests: { ...resources }, limits: { ...resources } },
    securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } },
  };
  if (spec.env.length > 0) container.env = spec.env.map(({ name, value }) => ({ name, value }));
  if (spec.containerPort !== null) container.ports = [{ containerPort: spec.containerPort, protocol: "TCP" }];
  if (spec.readinessProbe) container.readinessProbe = toProbe(spec.readinessProbe);
  if (spec.livenessProbe) container.livenessProbe = toProbe(spec.livenessProbe);
  if (spec.preStop) container.lifecycle = { preStop: toPreStop(spec.preStop) };
  if (spec.volume) container.volumeMounts = [{ name: DATA_VOLUME, mountPath: spec.volume.mountPath }];
  return {
    metadata: { labels: { ...labels } },
    spec: {
      containers: [container],
      // Listed explicitly as well as on the default ServiceAccount, so a pod under another ServiceAccount still pulls.
      imagePullSecrets: [{ name: REGISTRY_PULL_SECRET }],
      securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
      terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds,
    },
  };
}

function buildService(tenant: Pick<ResolvedTenant, "namespace">, spec: WorkloadSpec, labels: Record<string, string>): k8s.V1Service | null {
  const metadata = { name: spec.name, namespace: tenant.namespace, labels: { ...labels } };
  const selector = { [NAME_LABEL]: spec.name };
  if (spec.service && spec.containerPort !== null) {
    return {
      apiVersion: "v1",
      kind: "Service",
      metadata,
      spec: { type: spec.service.type, selector, ports: [{ name: "http", port: spec.service.port, targetPort: spec.containerPort, protocol: "TCP" }] } as k8s.V1ServiceSpec,
    };
  }
  if (spec.kind !== "StatefulSet") return null;
  // A StatefulSet names its pods through a governing Service; headless, so it costs no cluster IP.
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata,
    spec: {
      clusterIP: "None",
      selector,
      ...(spec.containerPort !== null ? { ports: [{ name: "http", port: spec.containerPort, targetPort: spec.containerPort, protocol: "TCP" }] } : {}),
    } as k8s.V1ServiceSpec,
  };
}

/** The Deployment or StatefulSet (and its Service) of a spec, in the tenant's namespace. Pure. */
export function buildWorkloadManifests(tenant: Pick<ResolvedTenant, "namespace">, spec: WorkloadSpec): WorkloadManifests {
  const labels = { [NAME_LABEL]: spec.name, [MANAGED_BY_LABEL]: "apiary" };
  const metadata: k8s.V1ObjectMeta = { name: spec.name, namespace: tenant.namespace, labels: { ...labels }, annotations: { [SIZE_ANNOTATION]: spec.size } };
  const selector = { matchLabels: { [NAME_LABEL]: spec.name } };
  const template = podTemplate(spec, labels);
  const service = buildService(tenant, spec, labels);
  if (spec.kind === "StatefulSet") {
    const workload: WorkloadObject = {
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata,
      spec: {
        replicas: spec.replicas,
        selector,
        serviceName: spec.name,
        template,
        minReadySeconds: spec.minReadySeconds,
        // maxUnavailable is not set: it needs the MaxUnavailableStatefulSet feature gate, off in most clusters.
        updateStrategy: { type: "RollingUpdate" },
        volumeClaimTemplates: spec.volume
          ? [{ metadata: { name: DATA_VOLUME }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: `${spec.volume.sizeGiB}Gi` } } } }]
          : undefined,
      },
    };
    if (!spec.volume) delete workload.spec!.volumeClaimTemplates;
    return { workload, service };
  }
  return {
    workload: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata,
      spec: {
        replicas: spec.replicas,
        selector,
        template,
        minReadySeconds: spec.minReadySeconds,
        progressDeadlineSeconds: spec.progressDeadlineSeconds,
        strategy: {
          type: "RollingUpdate",
          rollingUpdate: { maxSurge: toIntOrString(spec.strategy.maxSurge), maxUnavailable: toIntOrString(spec.strategy.maxUnavailable) },
        },
      },
    },
    service,
  };
}
