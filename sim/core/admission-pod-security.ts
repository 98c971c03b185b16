import { StatusError, type KObject } from "./types";

// Pod Security admission (k8s.io/pod-security-admission) in enforce mode for namespaces labelled
// pod-security.kubernetes.io/enforce=baseline|restricted. Only pods are checked: workloads are admitted and
// their controllers' pod creations are refused, which is what a real cluster does too.

const ENFORCE = "pod-security.kubernetes.io/enforce";
const ENFORCE_VERSION = "pod-security.kubernetes.io/enforce-version";

const BASELINE_CAPABILITIES = new Set([
  "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
]);
const RESTRICTED_VOLUME_TYPES = new Set(["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"]);

interface Container {
  name: string;
  securityContext?: any;
  ports?: any[];
}

interface Check {
  id: string;
  level: "baseline" | "restricted";
  /** The baseline check a restricted check supersedes. */
  overrides?: string;
  run(pod: KObject, containers: Container[]): string | undefined;
}

const quote = (names: string[]) => names.map((n) => JSON.stringify(n)).join(", ");
const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
const containersPhrase = (names: string[]) => `${plural(names.length, "container", "containers")} ${quote(names)}`;

const CHECKS: Check[] = [
  {
    id: "capabilities_baseline",
    level: "baseline",
    run(_pod, containers) {
      const bad: string[] = [];
      const caps = new Set<string>();
      for (const c of containers) {
        const added: string[] = (c.securityContext?.capabilities?.add ?? []).filter((cap: string) => !BASELINE_CAPABILITIES.has(cap));
        if (added.length) {
          bad.push(c.name);
          added.forEach((cap) => caps.add(cap));
        }
      }
      if (!bad.length) return undefined;
      return `non-default capabilities (${containersPhrase(bad)} must not include ${quote([...caps])} in securityContext.capabilities.add)`;
    },
  },
  {
    id: "hostNamespaces",
    level: "baseline",
    run(pod) {
      const set = ["hostNetwork", "hostPID", "hostIPC"].filter((f) => pod.spec?.[f] === true).map((f) => `${f}=true`);
      return set.length ? `host namespaces (${set.join(", ")})` : undefined;
    },
  },
  {
    id: "hostPathVolumes",
    level: "baseline",
    run(pod) {
      const names = (pod.spec?.volumes ?? []).filter((v: any) => v?.hostPath).map((v: any) => v.name as string);
      return names.length ? `hostPath volumes (${plural(names.length, "volume", "volumes")} ${quote(names)})` : undefined;
    },
  },
  {
    id: "hostPorts",
    level: "baseline",
    run(_pod, containers) {
      const bad: string[] = [];
      const ports: number[] = [];
      for (const c of containers) {
        const hp = (c.ports ?? []).map((p: any) => p?.hostPort).filter((p: unknown) => typeof p === "number" && p !== 0);
        if (hp.length) {
          bad.push(c.name);
          ports.push(...hp);
        }
      }
      if (!bad.length) return undefined;
      return `hostPort (${containersPhrase(bad)} ${plural(bad.length, "uses", "use")} ${plural(ports.length, "hostPort", "hostPorts")} ${ports.join(", ")})`;
    },
  },
  {
    id: "privileged",
    level: "baseline",
    run(_pod, containers) {
      const bad = containers.filter((c) => c.securityContext?.privileged === true).map((c) => c.name);
      return bad.length ? `privileged (${containersPhrase(bad)} must not set securityContext.privileged=true)` : undefined;
    },
  },
  {
    id: "seccompProfile_baseline",
    level: "baseline",
    run(pod, containers) {
      const details: string[] = [];
      if (pod.spec?.securityContext?.seccompProfile?.type === "Unconfined") details.push(`pod must not set securityContext.seccompProfile.type to "Unconfined"`);
      const bad = containers.filter((c) => c.securityContext?.seccompProfile?.type === "Unconfined").map((c) => c.name);
      if (bad.length) details.push(`${containersPhrase(bad)} must not set securityContext.seccompProfile.type to "Unconfined"`);
      return details.length ? `seccompProfile (${details.join("; ")})` : undefined;
    },
  },
  {
    id: "allowPrivilegeEscalation",
    level: "restricted",
    run(_pod, containers) {
      const bad = containers.filter((c) => c.securityContext?.allowPrivilegeEscalation !== false).map((c) => c.name);
      return bad.length ? `allowPrivilegeEscalation != false (${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false)` : undefined;
    },
  },
  {
    id: "capabilities_restricted",
    level: "restricted",
    overrides: "capabilities_baseline",
    run(_pod, containers) {
      const missingDrop: string[] = [];
      const adding: string[] = [];
      const caps = new Set<string>();
      for (const c of containers) {
        const drop: string[] = c.securityContext?.capabilities?.drop ?? [];
        if (!drop.includes("ALL")) missingDrop.push(c.name);
        const added: string[] = (c.securityContext?.capabilities?.add ?? []).filter((cap: string) => cap !== "NET_BIND_SERVICE");
        if (added.length) {
          adding.push(c.name);
          added.forEach((cap) => caps.add(cap));
        }
      }
      const details: string[] = [];
      if (missingDrop.length) details.push(`${containersPhrase(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`);
      if (adding.length) details.push(`${containersPhrase(adding)} must not include ${quote([...caps])} in securityContext.capabilities.add`);
      return details.length ? `unrestricted capabilities (${details.join("; ")})` : undefined;
    },
  },
  {
    id: "restrictedVolumes",
    level: "restricted",
    overrides: "hostPathVolumes",
    run(pod) {
      const bad: string[] = [];
      const types = new Set<string>();
      for (const v of pod.spec?.volumes ?? []) {
        const type = Object.keys(v ?? {}).find((k) => k !== "name");
        if (type && !RESTRICTED_VOLUME_TYPES.has(type)) {
          bad.push(v.name);
          types.add(type);
        }
      }
      if (!bad.length) return undefined;
      return `restricted volume types (${plural(bad.length, "volume", "volumes")} ${quote(bad)} ${plural(bad.length, "uses", "use")} ${plural(types.size, "restricted volume type", "restricted volume types")} ${quote([...types])})`;
    },
  },
  {
    id: "runAsNonRoot",
    level: "restricted",
    run(pod, containers) {
      const podLevel = pod.spec?.securityContext?.runAsNonRoot;
      const explicitlyFalse = containers.filter((c) => c.securityContext?.runAsNonRoot === false).map((c) => c.name);
      const unset = containers.filter((c) => c.securityContext?.runAsNonRoot === undefined || c.securityContext?.runAsNonRoot === null).map((c) => c.name);
      const details: string[] = [];
      if (podLevel === false) details.push("pod must not set securityContext.runAsNonRoot=false");
      if (explicitlyFalse.length) details.push(`${containersPhrase(explicitlyFalse)} must not set securityContext.runAsNonRoot=false`);
      if (podLevel !== true && podLevel !== false && unset.length) details.push(`pod or ${containersPhrase(unset)} must set securityContext.runAsNonRoot=true`);
      return details.length ? `runAsNonRoot != true (${details.join("; ")})` : undefined;
    },
  },
  {
    id: "runAsUser",
    level: "restricted",
    run(pod, containers) {
      const details: string[] = [];
      if (pod.spec?.securityContext?.runAsUser === 0) details.push("pod must not set runAsUser=0");
      const bad = containers.filter((c) => c.securityContext?.runAsUser === 0).map((c) => c.name);
      if (bad.length) details.push(`${containersPhrase(bad)} must not set runAsUser=0`);
      return details.length ? `runAsUser=0 (${details.join("; ")})` : undefined;
    },
  },
  {
    id: "seccompProfile_restricted",
    level: "restricted",
    overrides: "seccompProfile_baseline",
    run(pod, containers) {
      const ok = (t: unknown) => t === "RuntimeDefault" || t === "Localhost";
      const podType = pod.spec?.securityContext?.seccompProfile?.type;
      const details: string[] = [];
      if (podType !== undefined && !ok(podType)) details.push(`pod must not set securityContext.seccompProfile.type to ${JSON.stringify(podType)}`);
      const badSet = containers.filter((c) => c.securityContext?.seccompProfile?.type !== undefined && !ok(c.securityContext.seccompProfile.type));
      if (badSet.length) {
        details.push(`${containersPhrase(badSet.map((c) => c.name))} must not set securityContext.seccompProfile.type to ${quote([...new Set(badSet.map((c) => c.securityContext.seccompProfile.type as string))])}`);
      }
      if (!ok(podType)) {
        const unset = containers.filter((c) => c.securityContext?.seccompProfile?.type === undefined).map((c) => c.name);
        if (unset.length) details.push(`pod or ${containersPhrase(unset)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`);
      }
      return details.length ? `seccompProfile (${details.join("; ")})` : undefined;
    },
  },
];

/** The enforce level of a namespace, or undefined when it enforces nothing (privileged or unlabelled). */
export function enforceLevel(namespace: KObject | undefined): { level: "baseline" | "restricted"; version: string } | undefined {
  const labels = namespace?.metadata.labels ?? {};
  const level = labels[ENFORCE];
  if (level !== "baseline" && level !== "restricted") return undefined;
  return { level, version: labels[ENFORCE_VERSION] || "latest" };
}

/** The violations of `pod` at `level`, in the order the real admission prints them (baseline checks first). */
export function podSecurityViolations(pod: KObject, level: "baseline" | "restricted"): string[] {
  const containers: Container[] = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].filter(
    (c) => c && typeof c === "object",
  );
  const active = CHECKS.filter((c) => level === "restricted" || c.level === "baseline");
  const overridden = new Set(active.map((c) => c.overrides).filter(Boolean));
  const out: string[] = [];
  for (const check of active) {
    if (overridden.has(check.id)) continue;
    const v = check.run(pod, containers);
    if (v) out.push(v);
  }
  return out;
}

/** Throws 403 `pods "x" is forbidden: violates PodSecurity "restricted:latest": …` when the namespace enforces a level the pod breaks. */
export function admitPodSecurity(namespace: KObject | undefined, pod: KObject): void {
  const enforce = enforceLevel(namespace);
  if (!enforce) return;
  const violations = podSecurityViolations(pod, enforce.level);
  if (!violations.length) return;
  const name = pod.metadata.name ?? "";
  throw new StatusError(
    403,
    "Forbidden",
    `pods "${name}" is forbidden: violates PodSecurity "${enforce.level}:${enforce.version}": ${violations.join(", ")}`,
    { name, kind: "pods" },
  );
}
