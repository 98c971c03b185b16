import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WorkloadSpec } from "@/lib/contracts/workloads";
import { buildWorkloadManifests } from "./build-workload-manifests";
import { readWorkloadSpec } from "./read-workload-spec";

const tenant = { namespace: "t-acme" };

const readBack = (spec: WorkloadSpec) => {
  const { workload, service } = buildWorkloadManifests(tenant, spec);
  // Through JSON, as the API server would hand it back.
  return readWorkloadSpec(JSON.parse(JSON.stringify(workload)), service ? JSON.parse(JSON.stringify(service)) : undefined);
};

describe("buildWorkloadManifests", () => {
  it("builds a Deployment sized by the price book that the restricted Pod Security profile admits", () => {
    const spec = WorkloadSpec.parse({
      name: "web",
      image: "registry.example.com/acme/web:v1",
      replicas: 3,
      env: [{ name: "MODE", value: "prod" }],
      containerPort: 8080,
      service: { type: "NodePort", port: 80 },
      readinessProbe: { type: "http", path: "/healthz", port: 8080, periodSeconds: 5 },
      preStop: { type: "sleep", seconds: 5 },
      strategy: { maxSurge: "1", maxUnavailable: "0" },
      minReadySeconds: 3,
    });
    const { workload, service } = buildWorkloadManifests(tenant, spec);
    expect(workload.kind).toBe("Deployment");
    expect(workload.metadata).toMatchObject({
      name: "web",
      namespace: "t-acme",
      labels: { "app.kubernetes.io/name": "web", "app.kubernetes.io/managed-by": "apiary" },
      annotations: { "apiary.io/size": "xs" },
    });
    const deployment = workload as Extract<typeof workload, { kind: "Deployment" }>;
    expect(deployment.spec!.selector).toEqual({ matchLabels: { "app.kubernetes.io/name": "web" } });
    expect(deployment.spec!.strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(deployment.spec!.minReadySeconds).toBe(3);
    const pod = deployment.spec!.template.spec!;
    expect(pod.imagePullSecrets).toEqual([{ name: "apiary-registry" }]);
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    const container = pod.containers[0];
    expect(container).toMatchObject({
      name: "app",
      image: "registry.example.com/acme/web:v1",
      resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "250m", memory: "512Mi" } },
      securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
      env: [{ name: "MODE", value: "prod" }],
      ports: [{ containerPort: 8080 }],
      readinessProbe: { httpGet: { path: "/healthz", port: 8080 }, periodSeconds: 5, timeoutSeconds: 1, failureThreshold: 3 },
      lifecycle: { preStop: { sleep: { seconds: 5 } } },
    });
    expect(service?.spec).toMatchObject({ type: "NodePort", selector: { "app.kubernetes.io/name": "web" }, ports: [{ port: 80, targetPort: 8080 }] });
  });

  it("keeps percentages as strings in the rolling strategy", () => {
    const { workload } = buildWorkloadManifests(tenant, WorkloadSpec.parse({ name: "web", image: "nginx", strategy: { maxSurge: "50%", maxUnavailable: "2" } }));
    expect((workload.spec as { strategy: unknown }).strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxSurge: "50%", maxUnavailable: 2 } });
  });

  it("gives a StatefulSet a volume per replica and a headless governing Service when the spec has none", () => {
    const spec = WorkloadSpec.parse({ name: "db", kind: "StatefulSet", image: "postgres:17", size: "m", volume: { sizeGiB: 5, mountPath: "/var/lib/data" } });
    const { workload, service } = buildWorkloadManifests(tenant, spec);
    expect(workload.kind).toBe("StatefulSet");
    const statefulSet = workload as Extract<typeof workload, { kind: "StatefulSet" }>;
    expect(statefulSet.spec!.serviceName).toBe("db");
    expect(statefulSet.spec!.volumeClaimTemplates![0].spec!.resources!.requests).toEqual({ storage: "5Gi" });
    expect(statefulSet.spec!.template.spec!.containers[0].volumeMounts).toEqual([{ name: "data", mountPath: "/var/lib/data" }]);
    expect(statefulSet.spec!.template.spec!.containers[0].resources!.requests).toEqual({ cpu: "1000m", memory: "2048Mi" });
    expect(service).toMatchObject({ metadata: { name: "db" }, spec: { clusterIP: "None" } });
    expect(readBack(spec).service).toBeNull();
  });
});

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
const probe = fc.oneof(
  fc.record({ type: fc.constant("http" as const), path: fc.stringMatching(/^\/[a-z]{0,6}$/), port: fc.integer({ min: 1, max: 65535 }) }),
  fc.record({ type: fc.constant("tcp" as const), port: fc.integer({ min: 1, max: 65535 }) }),
  fc.record({ type: fc.constant("command" as const), command: fc.array(word, { minLength: 1, maxLength: 3 }) }),
).chain((p) =>
  fc.record({ initialDelaySeconds: fc.nat(60), periodSeconds: fc.integer({ min: 1, max: 60 }), timeoutSeconds: fc.integer({ min: 1, max: 10 }), failureThreshold: fc.integer({ min: 1, max: 10 }) }).map((t) => ({ ...p, ...t })),
);
const intOrPercent = fc.oneof(fc.nat(10).map(String), fc.integer({ min: 0, max: 100 }).map((n) => `${n}%`));
const candidateSpec = fc.record({
  name: word,
  kind: fc.constantFrom("Deployment" as const, "StatefulSet" as const),
  image: fc.constantFrom("nginx", "nginx:1.27", "registry.example.com:5000/acme/web:v2"),
  size: fc.constantFrom("xs" as const, "s" as const, "m" as const, "l" as const, "xl" as const),
  replicas: fc.nat(100),
  env: fc.uniqueArray(fc.record({ name: fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,6}$/), value: fc.string({ maxLength: 8 }) }), { selector: (e) => e.name, maxLength: 4 }),
  containerPort: fc.option(fc.integer({ min: 1, max: 65535 })),
  service: fc.option(fc.record({ type: fc.constantFrom("ClusterIP" as const, "NodePort" as const), port: fc.integer({ min: 1, max: 65535 }) })),
  readinessProbe: fc.option(probe),
  livenessProbe: fc.option(probe),
  minReadySeconds: fc.nat(3600),
  progressDeadlineSeconds: fc.integer({ min: 10, max: 86400 }),
  preStop: fc.option(fc.oneof(fc.record({ type: fc.constant("sleep" as const), seconds: fc.integer({ min: 1, max: 100 }) }), fc.record({ type: fc.constant("command" as const), command: fc.array(word, { minLength: 1, maxLength: 3 }) }))),
  terminationGracePeriodSeconds: fc.nat(3600),
  strategy: fc.record({ maxSurge: intOrPercent, maxUnavailable: intOrPercent }),
  volume: fc.option(fc.record({ sizeGiB: fc.integer({ min: 1, max: 1024 }), mountPath: fc.stringMatching(/^\/[a-z]{1,6}$/) })),
});

describe("readWorkloadSpec", () => {
  it("reads back every valid spec the builder wrote (round trip)", () => {
    const validSpecs = candidateSpec
      .map((candidate) => {
        // A StatefulSet has no rolling maxSurge nor a progress deadline: the form keeps their defaults for it.
        const input = candidate.kind === "StatefulSet" ? { ...candidate, strategy: undefined, progressDeadlineSeconds: undefined } : candidate;
        return WorkloadSpec.safeParse(input);
      })
      .filter((parsed) => parsed.success)
      .map((parsed) => parsed.data!);
    fc.assert(
      fc.property(validSpecs, (spec) => {
        expect(readBack(spec)).toEqual(spec);
      }),
      { numRuns: 300 },
    );
  });

  it("reads a workload kubectl edited beyond the form: no size matched, and a field that no longer fits falls back", () => {
    const { workload } = buildWorkloadManifests(tenant, WorkloadSpec.parse({ name: "web", image: "nginx", terminationGracePeriodSeconds: 30, preStop: { type: "sleep", seconds: 10 } }));
    const edited = JSON.parse(JSON.stringify(workload));
    // kubectl edit: a grace period shorter than the preStop sleep, and custom resources matching no size.
    edited.spec.template.spec.terminationGracePeriodSeconds = 5;
    edited.spec.template.spec.containers[0].resources = { requests: { cpu: "300m", memory: "100Mi" } };
    const spec = readWorkloadSpec(edited, undefined);
    expect(spec.name).toBe("web");
    expect(spec.size).toBe("xs");
    // The live grace period wins; the preStop sleep it no longer allows is left for the user to set again.
    expect(spec.terminationGracePeriodSeconds).toBe(5);
    expect(spec.preStop).toBeNull();
  });
});
