import "server-only";
import { ContainerSizeId, findContainerSize } from "@/lib/contracts/container-sizes";
import { WorkloadSpec, type Probe, type PreStopHook, type WorkloadSpecInput } from "@/lib/contracts/workloads";
import type { CachedKindObject } from "@/lib/server/kubernetes/watch-cache";
import { APP_CONTAINER, SIZE_ANNOTATION } from "./build-workload-manifests";
import { parseCpuMillicores, parseMemoryMiB } from "./parse-quantity";

// The inverse of buildWorkloadManifests. Objects changed with kubectl may hold what the form cannot express
// (named probe ports, env from Secrets, several containers): those parts are read as far as they fit, and a field
// that would make the spec invalid falls back to the form's default, so the edit form still opens.

type CachedWorkload = CachedKindObject<"deployments"> | CachedKindObject<"statefulsets">;
type CachedContainer = NonNullable<NonNullable<NonNullable<CachedWorkload["spec"]>["template"]["spec"]>["containers"]>[number];
type CachedProbe = NonNullable<CachedContainer["readinessProbe"]>;

/** intOrString as the form writes it: 1 → "1", "25%" stays. */
function intOrPercent(value: unknown, fallback: string): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string" && value !== "") return value;
  return fallback;
}

function portNumber(port: unknown, containerPort: number | null): number | null {
  if (typeof port === "number") return port;
  if (typeof port === "string" && /^\d+$/.test(port)) return Number(port);
  // A named port: the container's one port is the only name the form knows.
  return containerPort;
}

function readProbe(probe: CachedProbe | undefined, containerPort: number | null): Probe | null {
  if (!probe) return null;
  const timings = {
    initialDelaySeconds: probe.initialDelaySeconds ?? 0,
    periodSeconds: probe.periodSeconds ?? 10,
    timeoutSeconds: probe.timeoutSeconds ?? 1,
    failureThreshold: probe.failureThreshold ?? 3,
  };
  if (probe.httpGet) {
    const port = portNumber(probe.httpGet.port, containerPort);
    return port === null ? null : { type: "http", path: probe.httpGet.path ?? "/", port, ...timings };
  }
  if (probe.tcpSocket) {
    const port = portNumber(probe.tcpSocket.port, containerPort);
    return port === null ? null : { type: "tcp", port, ...timings };
  }
  if (probe.exec?.command?.length) return { type: "command", command: [...probe.exec.command], ...timings };
  return null;
}

function readPreStop(container: CachedContainer | undefined): PreStopHook | null {
  const preStop = container?.lifecycle?.preStop;
  if (preStop?.sleep) return { type: "sleep", seconds: preStop.sleep.seconds };
  if (preStop?.exec?.command?.length) return { type: "command", command: [...preStop.exec.command] };
  return null;
}

function isStatefulSet(workload: CachedWorkload): workload is CachedKindObject<"statefulsets"> {
  // Items of a list carry no kind, so the spec tells: only a StatefulSet has updateStrategy or serviceName.
  if (workload.kind) return workload.kind === "StatefulSet";
  const spec = (workload.spec ?? {}) as object;
  return "updateStrategy" in spec || "serviceName" in spec || "volumeClaimTemplates" in spec;
}

/**
 * Replaces each top-level field the schema refuses with its default until the spec parses. The name and image are
 * kept as read even when outside what the form allows (possible with kubectl), for display.
 */
function repaired(input: WorkloadSpecInput): WorkloadSpec {
  const candidate: Record<string, unknown> = { ...input, name: "x", image: "x" };
  for (let attempt = 0; attempt < 20; attempt++) {
    const parsed = WorkloadSpec.safeParse(candidate);
    if (parsed.success) return { ...parsed.data, name: input.name, image: input.image };
    for (const issue of parsed.error.issues) delete candidate[String(issue.path[0])];
  }
  return { ...WorkloadSpec.parse({ name: "x", image: "x", kind: input.kind }), name: input.name, image: input.image };
}

/**
 * The form's view of a live workload: the inverse of buildWorkloadManifests, so "edit" opens the form filled in
 * with what runs (including changes made with kubectl, as far as the form can express them).
 * OWNED BY the write-side helper; this signature is the seam the read side relies on.
 */
export function readWorkloadSpec(
  workload: CachedKindObject<"deployments"> | CachedKindObject<"statefulsets">,
  service: CachedKindObject<"services"> | undefined,
): WorkloadSpec {
  const podSpec = workload.spec?.template.spec;
  const containers = podSpec?.containers ?? [];
  const container = containers.find((c) => c.name === APP_CONTAINER) ?? containers[0];
  const containerPort = container?.ports?.[0]?.containerPort ?? null;
  const requests = container?.resources?.requests ?? {};
  const annotated = ContainerSizeId.safeParse(workload.metadata?.annotations?.[SIZE_ANNOTATION]);
  const size = findContainerSize(parseCpuMillicores(requests.cpu) ?? Number.NaN, parseMemoryMiB(requests.memory) ?? Number.NaN)?.id ?? (annotated.success ? annotated.data : "xs");
  const servicePort = service?.spec?.ports?.[0];
  const serviceType = service?.spec?.type === "NodePort" || service?.spec?.type === "LoadBalancer" ? "NodePort" : "ClusterIP";
  const headless = service?.spec?.clusterIP === "None";
  const input: WorkloadSpecInput = {
    name: workload.metadata?.name ?? "",
    kind: isStatefulSet(workload) ? "StatefulSet" : "Deployment",
    image: container?.image ?? "",
    size,
    replicas: workload.spec?.replicas ?? 1,
    env: (container?.env ?? []).filter((e) => !e.valueFrom).map((e) => ({ name: e.name, value: e.value ?? "" })),
    containerPort,
    service: service && servicePort && !headless ? { type: serviceType, port: servicePort.port } : null,
    readinessProbe: readProbe(container?.readinessProbe, containerPort),
    livenessProbe: readProbe(container?.livenessProbe, containerPort),
    minReadySeconds: workload.spec?.minReadySeconds ?? 0,
    preStop: readPreStop(container),
    terminationGracePeriodSeconds: podSpec?.terminationGracePeriodSeconds ?? 30,
  };
  if (isStatefulSet(workload)) {
    const claim = workload.spec?.volumeClaimTemplates?.[0];
    const mount = claim ? container?.volumeMounts?.find((m) => m.name === claim.metadata?.name) : undefined;
    const storageGiB = (parseMemoryMiB(claim?.spec?.resources?.requests?.storage) ?? Number.NaN) / 1024;
    input.volume = claim && mount && Number.isInteger(storageGiB) ? { sizeGiB: storageGiB, mountPath: mount.mountPath } : null;
  } else {
    const deployment = workload as CachedKindObject<"deployments">;
    const rolling = deployment.spec?.strategy?.rollingUpdate;
    input.progressDeadlineSeconds = deployment.spec?.progressDeadlineSeconds ?? 600;
    input.strategy = { maxSurge: intOrPercent(rolling?.maxSurge, "25%"), maxUnavailable: intOrPercent(rolling?.maxUnavailable, "25%") };
  }
  return repaired(input);
}
