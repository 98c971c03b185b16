import type { ContainerSizeId } from "@/lib/contracts/container-sizes";
import type { WorkloadKind, WorkloadSpec, WorkloadSpecInput } from "@/lib/contracts/workloads";

// The deploy form keeps what the user typed as text (an empty field stays empty instead of becoming 0) and turns
// it into a WorkloadSpec input only to validate and submit, so the contract's schema is the one set of rules.

export type ProbeKind = "none" | "http" | "tcp" | "command";
export type ProbeForm = { type: ProbeKind; path: string; port: string; command: string; initialDelaySeconds: string; periodSeconds: string; failureThreshold: string };
export type PreStopKind = "none" | "sleep" | "command";
export type ServiceKind = "none" | "ClusterIP" | "NodePort";

export type WorkloadFormState = {
  name: string;
  kind: WorkloadKind;
  image: string;
  size: ContainerSizeId;
  replicas: string;
  env: { key: number; name: string; value: string }[];
  containerPort: string;
  service: ServiceKind;
  servicePort: string;
  readinessProbe: ProbeForm;
  livenessProbe: ProbeForm;
  minReadySeconds: string;
  progressDeadlineSeconds: string;
  preStop: PreStopKind;
  preStopSeconds: string;
  preStopCommand: string;
  terminationGracePeriodSeconds: string;
  maxSurge: string;
  maxUnavailable: string;
  volumeSizeGiB: string;
  volumeMountPath: string;
};

const noProbe: ProbeForm = { type: "none", path: "/", port: "", command: "", initialDelaySeconds: "0", periodSeconds: "10", failureThreshold: "3" };

export function emptyWorkloadForm(image = ""): WorkloadFormState {
  return {
    name: "",
    kind: "Deployment",
    image,
    size: "xs",
    replicas: "1",
    env: [],
    containerPort: "",
    service: "none",
    servicePort: "80",
    readinessProbe: { ...noProbe },
    livenessProbe: { ...noProbe },
    minReadySeconds: "0",
    progressDeadlineSeconds: "600",
    preStop: "none",
    preStopSeconds: "5",
    preStopCommand: "",
    terminationGracePeriodSeconds: "30",
    maxSurge: "25%",
    maxUnavailable: "25%",
    volumeSizeGiB: "1",
    volumeMountPath: "/data",
  };
}

/** A command field holds words separated by spaces; quoting is not supported, so each word is one argument. */
export function splitCommand(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean);
}

/** "" → undefined (the schema's default, or "required"); anything else → a number, NaN when it is not one. */
function numberOrUndefined(text: string): number | undefined {
  return text.trim() === "" ? undefined : Number(text.trim());
}

function probeInput(probe: ProbeForm) {
  if (probe.type === "none") return null;
  const timing = {
    initialDelaySeconds: numberOrUndefined(probe.initialDelaySeconds),
    periodSeconds: numberOrUndefined(probe.periodSeconds),
    failureThreshold: numberOrUndefined(probe.failureThreshold),
  };
  if (probe.type === "http") return { type: "http" as const, path: probe.path.trim(), port: numberOrUndefined(probe.port), ...timing };
  if (probe.type === "tcp") return { type: "tcp" as const, port: numberOrUndefined(probe.port), ...timing };
  return { type: "command" as const, command: splitCommand(probe.command), ...timing };
}

/** What WorkloadSpec.safeParse checks: the form's text turned into the request's shape. */
export function toWorkloadSpecInput(form: WorkloadFormState): WorkloadSpecInput {
  const preStop =
    form.preStop === "sleep"
      ? { type: "sleep" as const, seconds: numberOrUndefined(form.preStopSeconds) }
      : form.preStop === "command"
        ? { type: "command" as const, command: splitCommand(form.preStopCommand) }
        : null;
  const input = {
    name: form.name.trim(),
    kind: form.kind,
    image: form.image.trim(),
    size: form.size,
    replicas: numberOrUndefined(form.replicas),
    env: form.env.map(({ name, value }) => ({ name: name.trim(), value })),
    containerPort: numberOrUndefined(form.containerPort) ?? null,
    service: form.service === "none" ? null : { type: form.service, port: numberOrUndefined(form.servicePort) },
    readinessProbe: probeInput(form.readinessProbe),
    livenessProbe: probeInput(form.livenessProbe),
    minReadySeconds: numberOrUndefined(form.minReadySeconds),
    progressDeadlineSeconds: numberOrUndefined(form.progressDeadlineSeconds),
    preStop,
    terminationGracePeriodSeconds: numberOrUndefined(form.terminationGracePeriodSeconds),
    strategy: { maxSurge: form.maxSurge.trim() || undefined, maxUnavailable: form.maxUnavailable.trim() || undefined },
    volume: form.kind === "StatefulSet" ? { sizeGiB: numberOrUndefined(form.volumeSizeGiB), mountPath: form.volumeMountPath.trim() || undefined } : null,
  };
  // Numbers left undefined are the schema's business (defaults or "required"); the cast only widens NaN-able fields.
  return input as WorkloadSpecInput;
}

function probeForm(probe: WorkloadSpec["readinessProbe"]): ProbeForm {
  if (!probe) return { ...noProbe };
  return {
    type: probe.type,
    path: probe.type === "http" ? probe.path : "/",
    port: probe.type === "command" ? "" : String(probe.port),
    command: probe.type === "command" ? probe.command.join(" ") : "",
    initialDelaySeconds: String(probe.initialDelaySeconds),
    periodSeconds: String(probe.periodSeconds),
    failureThreshold: String(probe.failureThreshold),
  };
}

/** The form filled with a workload's spec (Edit). */
export function workloadFormFromSpec(spec: WorkloadSpec): WorkloadFormState {
  return {
    name: spec.name,
    kind: spec.kind,
    image: spec.image,
    size: spec.size,
    replicas: String(spec.replicas),
    env: spec.env.map((entry, index) => ({ key: index, name: entry.name, value: entry.value })),
    containerPort: spec.containerPort === null ? "" : String(spec.containerPort),
    service: spec.service ? spec.service.type : "none",
    servicePort: spec.service ? String(spec.service.port) : "80",
    readinessProbe: probeForm(spec.readinessProbe),
    livenessProbe: probeForm(spec.livenessProbe),
    minReadySeconds: String(spec.minReadySeconds),
    progressDeadlineSeconds: String(spec.progressDeadlineSeconds),
    preStop: spec.preStop ? spec.preStop.type : "none",
    preStopSeconds: spec.preStop?.type === "sleep" ? String(spec.preStop.seconds) : "5",
    preStopCommand: spec.preStop?.type === "command" ? spec.preStop.command.join(" ") : "",
    terminationGracePeriodSeconds: String(spec.terminationGracePeriodSeconds),
    maxSurge: spec.strategy.maxSurge,
    maxUnavailable: spec.strategy.maxUnavailable,
    volumeSizeGiB: spec.volume ? String(spec.volume.sizeGiB) : "1",
    volumeMountPath: spec.volume?.mountPath ?? "/data",
  };
}
