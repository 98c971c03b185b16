import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakeRegistry } from "./fake-registry";
import type { FakeRegistry } from "./fake-registry";
import { startHarness } from "./kubelet-harness";
import type { KubeletHarness } from "./kubelet-harness";
import { startKubelets } from "./kubelet-hub";
import { goDuration } from "./pod-runner";

let registry: FakeRegistry;
let h: KubeletHarness | undefined;

beforeAll(async () => {
  registry = await startFakeRegistry({
    images: [
      { repository: "team/api", tag: "v1", layerSizes: [1000, 2500] },
      { repository: "team/slow", tag: "v1", labels: { "apiary.sim/ready-after": "6" } },
      { repository: "team/busy", tag: "v1", labels: { "apiary.sim/cpu-millicores": "700" } },
    ],
    username: "robot",
    password: "s3cret",
  });
});
afterAll(() => registry.close());
afterEach(() => {
  h?.hub.stop();
  h = undefined;
});

function reasons(h: KubeletHarness, pod: string) {
  return h.api.eventsFor(pod).map((e) => e.reason);
}

async function withPullSecret(): Promise<KubeletHarness> {
  const harness = await startHarness({ registryUrl: registry.url });
  const auths = { auths: { [registry.host]: { username: "robot", password: "s3cret", auth: Buffer.from("robot:s3cret").toString("base64") } } };
  harness.api.create("secrets", {
    apiVersion: "v1",
    kind: "Secret",
    type: "kubernetes.io/dockerconfigjson",
    metadata: { name: "regcred", namespace: "default" },
    data: { ".dockerconfigjson": Buffer.from(JSON.stringify(auths)).toString("base64") },
  });
  return harness;
}

describe("pod lifecycle", () => {
  it("shows ContainerCreating first, then pulls from the registry with the pull secret and runs the pod", async () => {
    h = await withPullSecret();
    h.createPod("web", { image: `${registry.host}/team/api:v1` }, { imagePullSecrets: [{ name: "regcred" }] });
    await h.run(0);
    const pending = h.pod("web")!;
    expect(pending.status.phase).toBe("Pending");
    expect(pending.status.podIP).toMatch(/^10\.244\.1\.\d+$/);
    expect(pending.status.hostIP).toBe("10.0.0.4");
    expect(pending.status.qosClass).toBe("BestEffort");
    expect(pending.status.containerStatuses[0].state).toEqual({ waiting: { reason: "ContainerCreating" } });
    expect(pending.status.conditions.find((c: any) => c.type === "Ready")).toMatchObject({ status: "False", reason: "ContainersNotReady", message: "containers with unready status: [app]" });

    await h.run(3000);
    const pod = h.pod("web")!;
    expect(pod.status.phase).toBe("Running");
    expect(pod.status.conditions.find((c: any) => c.type === "Ready").status).toBe("True");
    const status = h.container("web");
    expect(status.ready).toBe(true);
    expect(status.state.running.startedAt).toBeDefined();
    expect(status.image).toBe(`${registry.host}/team/api:v1`);
    expect(status.imageID).toMatch(new RegExp(`^${registry.host}/team/api@sha256:[0-9a-f]{64}$`));
    expect(status.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(reasons(h, "web")).toEqual(["Pulling", "Pulled", "Created", "Started"]);
    const pulled = h.api.eventsFor("web")[1].message;
    expect(pulled).toMatch(new RegExp(`^Successfully pulled image "${registry.host}/team/api:v1" in \\d+(\\.\\d+)?m?s \\(.+ including waiting\\)\\. Image size: \\d+ bytes\\.$`));
    expect(h.api.eventsFor("web")[2].message).toBe("Created container: app");
    expect(h.api.eventsFor("web")[3].message).toBe("Started container app");
  });

  it("skips the registry for an image already on the node with IfNotPresent", async () => {
    h = await withPullSecret();
    const image = `${registry.host}/team/api:v1`;
    h.createPod("a", { image }, { imagePullSecrets: [{ name: "regcred" }] });
    await h.run(3000);
    const before = registry.requests.length;
    h.createPod("b", { image }, { imagePullSecrets: [{ name: "regcred" }] });
    await h.run(3000);
    expect(registry.requests.length).toBe(before);
    expect(h.api.eventsFor("b")[0]).toMatchObject({ reason: "Pulled", message: `Container image "${image}" already present on machine` });
    expect(h.container("b").ready).toBe(true);
  });

  it("reports a missing tag as ErrImagePull, then ImagePullBackOff retried with doubling back-off", async () => {
    h = await withPullSecret();
    const image = `${registry.host}/team/api:missing`;
    h.createPod("broken", { image }, { imagePullSecrets: [{ name: "regcred" }] });
    await h.run(1600);
    let status = h.container("broken");
    expect(status.state.waiting.reason).toBe("ErrImagePull");
    expect(status.state.waiting.message).toBe(`failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${image}: not found`);
    const failed = h.api.eventsFor("broken").filter((e) => e.reason === "Failed");
    expect(failed.map((e) => e.message)).toEqual([`Failed to pull image "${image}": ${status.state.waiting.message}`, "Error: ErrImagePull"]);
    expect(failed.every((e) => e.type === "Warning")).toBe(true);

    await h.run(1000);
    status = h.container("broken");
    expect(status.state.waiting.reason).toBe("ImagePullBackOff");
    expect(h.api.eventsFor("broken").find((e) => e.reason === "BackOff")?.message).toBe(`Back-off pulling image "${image}"`);

    await h.run(120_000, 500);
    const pulls = h.api.eventsFor("broken").filter((e) => e.reason === "Pulling").map((e) => e.at);
    expect(pulls.length).toBeGreaterThanOrEqual(4);
    const gaps = pulls.slice(1).map((t, i) => t - pulls[i]);
    // Each gap is the back-off plus one pull and one sync: 10 s, 20 s, 40 s …
    expect(gaps[1] - gaps[0]).toBeGreaterThanOrEqual(9_000);
    expect(gaps[2] - gaps[1]).toBeGreaterThanOrEqual(19_000);
    expect(h.pod("broken")!.status.phase).toBe("Pending");
  });

  it("recovers the image's scripted load level when adopting a running pod after a restart", async () => {
    h = await withPullSecret();
    h.createPod("busy", { image: `${registry.host}/team/busy:v1` }, { imagePullSecrets: [{ name: "regcred" }] });
    await h.run(20_000, 1000);
    const cpu = (items: { containers: { usage: { cpu: string } }[] }[]) => Number(items[0].containers[0].usage.cpu.slice(0, -1)) / 1e6;
    expect(cpu(h.hub.podMetrics("default"))).toBeGreaterThan(500);
    h.hub.stop();
    const again = startKubelets(h.api, { nodes: 2, registryUrl: registry.url });
    try {
      await h.run(0);
      await again.whenIdle();
      await h.run(20_000, 1000);
      expect(cpu(again.podMetrics("default"))).toBeGreaterThan(500);
    } finally {
      again.stop();
    }
  });

  it("treats images from other registries as present and invents a stable digest", async () => {
    h = await startHarness({ registryUrl: registry.url });
    h.createPod("hub", { image: "nginx:1.27" });
    await h.run(3000);
    expect(h.container("hub")).toMatchObject({ ready: true, image: "docker.io/library/nginx:1.27" });
    expect(h.container("hub").imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
  });

  it("crash-loops a container scripted to crash, with growing back-off and restart counts", async () => {
    h = await startHarness();
    h.createPod("crashy", { env: [{ name: "apiary.sim/crash-after", value: "5" }] });
    await h.run(7_000);
    let status = h.container("crashy");
    expect(status.state.waiting).toMatchObject({ reason: "CrashLoopBackOff" });
    expect(status.state.waiting.message).toMatch(/^back-off 10s restarting failed container=app pod=crashy_default\(/);
    expect(status.lastState.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
    expect(status.restartCount).toBe(0);
    expect(h.api.eventsFor("crashy").find((e) => e.reason === "BackOff")?.message).toMatch(/^Back-off restarting failed container app in pod crashy_default\(/);

    await h.run(10_000);
    status = h.container("crashy");
    expect(status.restartCount).toBe(1);
    expect(status.state.running).toBeDefined();

    await h.run(6_000);
    status = h.container("crashy");
    expect(status.state.waiting.message).toMatch(/^back-off 20s /);
    await h.run(21_000);
    await h.run(6_000);
    expect(h.container("crashy").state.waiting.message).toMatch(/^back-off 40s /);
    expect(h.container("crashy").restartCount).toBe(2);
  });

  it("reads the scripted ready-after from the image labels and turns Ready only then", async () => {
    h = await withPullSecret();
    h.createPod(
      "slow",
      { image: `${registry.host}/team/slow:v1`, readinessProbe: { httpGet: { path: "/ready", port: 8080 }, periodSeconds: 2 } },
      { imagePullSecrets: [{ name: "regcred" }] },
    );
    await h.run(3_000);
    const startedAt = Date.parse(h.container("slow").state.running.startedAt);
    await h.run(3_000);
    expect(h.container("slow").ready).toBe(false);
    expect(h.pod("slow")!.status.conditions.find((c: any) => c.type === "Ready").status).toBe("False");
    const unhealthy = h.api.eventsFor("slow").filter((e) => e.reason === "Unhealthy");
    expect(unhealthy.length).toBeGreaterThan(0);
    expect(unhealthy[0]).toMatchObject({ type: "Warning", message: "Readiness probe failed: HTTP probe failed with statuscode: 503" });

    await h.run(5_000);
    expect(h.container("slow").ready).toBe(true);
    const ready = h.pod("slow")!.status.conditions.find((c: any) => c.type === "Ready");
    expect(ready.status).toBe("True");
    const becameReady = Date.parse(ready.lastTransitionTime);
    // The first probe at or after 6 s succeeds (probes every 2 s from start), never before.
    expect(becameReady - startedAt).toBeGreaterThanOrEqual(6_000);
    expect(becameReady - startedAt).toBeLessThanOrEqual(8_000);
  });

  it("never turns ready when readiness is scripted to fail", async () => {
    h = await startHarness();
    h.createPod("never", { env: [{ name: "APIARY_SIM_FAIL_READINESS", value: "true" }], readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5 } });
    await h.run(60_000, 1000);
    expect(h.container("never").ready).toBe(false);
    expect(h.pod("never")!.status.phase).toBe("Running");
    expect(h.api.eventsFor("never").filter((e) => e.reason === "Unhealthy")[0].message).toMatch(/^Readiness probe failed: dial tcp 10\.244\.1\.\d+:80: connect: connection refused$/);
  });

  it("restarts a container whose liveness probe fails", async () => {
    h = await startHarness();
    h.createPod("sick", { env: [{ name: "apiary.sim/fail-liveness", value: "true" }], livenessProbe: { httpGet: { path: "/", port: 80 }, periodSeconds: 5, failureThreshold: 3 } });
    await h.run(18_000, 500);
    const killing = h.api.eventsFor("sick").find((e) => e.reason === "Killing");
    expect(killing?.message).toBe("Container app failed liveness probe, will be restarted");
    expect(h.container("sick").lastState.terminated).toMatchObject({ exitCode: 137 });
    await h.run(12_000, 500);
    expect(h.container("sick").restartCount).toBe(1);
  });

  it("reports started only after the startup probe, and probes readiness after it", async () => {
    h = await startHarness();
    h.createPod("boot", {
      startupProbe: { httpGet: { path: "/", port: 80 }, initialDelaySeconds: 10, periodSeconds: 5 },
      readinessProbe: { httpGet: { path: "/", port: 80 }, periodSeconds: 5 },
    });
    await h.run(5_000);
    expect(h.container("boot")).toMatchObject({ started: false, ready: false });
    await h.run(7_000);
    expect(h.container("boot")).toMatchObject({ started: true, ready: true });
  });

  it("runs the preStop sleep on deletion, then removes the pod", async () => {
    h = await startHarness();
    h.createPod("graceful", { lifecycle: { preStop: { sleep: { seconds: 5 } } } });
    await h.run(3_000);
    h.api.delete("pods", "default", "graceful");
    await h.run(0);
    expect(h.api.eventsFor("graceful").at(-1)).toMatchObject({ reason: "Killing", message: "Stopping container app" });
    await h.run(4_000);
    expect(h.pod("graceful")?.metadata.deletionTimestamp).toBeDefined();
    expect(h.container("graceful").state.running).toBeDefined();
    await h.run(1_500);
    expect(h.pod("graceful")).toBeUndefined();
  });

  it("kills a container whose preStop outlasts the grace period at the deadline", async () => {
    h = await startHarness();
    h.createPod("stubborn", { lifecycle: { preStop: { exec: { command: ["sh", "-c", "sleep 60"] } } } }, { terminationGracePeriodSeconds: 10 });
    await h.run(3_000);
    h.api.delete("pods", "default", "stubborn");
    await h.run(9_000);
    expect(h.pod("stubborn")).toBeDefined();
    await h.run(1_500);
    expect(h.pod("stubborn")).toBeUndefined();
  });

  it("runs init containers to completion before the app containers", async () => {
    h = await startHarness();
    h.createPod("with-init", {}, { initContainers: [{ name: "migrate", image: "busybox:1.36" }] });
    await h.run(1_000);
    let pod = h.pod("with-init")!;
    expect(pod.status.containerStatuses[0].state.waiting.reason).toBe("PodInitializing");
    expect(pod.status.conditions.find((c: any) => c.type === "Initialized")).toMatchObject({ status: "False", message: "containers with incomplete status: [migrate]" });
    await h.run(6_000);
    pod = h.pod("with-init")!;
    expect(pod.status.initContainerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
    expect(pod.status.phase).toBe("Running");
    expect(pod.status.conditions.find((c: any) => c.type === "Initialized").status).toBe("True");
  });

  it("OOM-kills a container scripted to need more memory than its limit", async () => {
    h = await startHarness();
    h.createPod("hungry", { env: [{ name: "apiary.sim/memory-mib", value: "512" }], resources: { limits: { memory: "256Mi" } } });
    await h.run(8_000);
    const status = h.container("hungry");
    expect(status.lastState.terminated).toMatchObject({ exitCode: 137, reason: "OOMKilled" });
    expect(status.state.waiting.reason).toBe("CrashLoopBackOff");
  });

  it("keeps a sidecar init container running beside the app and restarts only the sidecar", async () => {
    h = await startHarness();
    h.createPod("sidecar", {}, {
      initContainers: [{ name: "proxy", image: "envoyproxy/envoy:v1.31", restartPolicy: "Always", env: [{ name: "apiary.sim/crash-after", value: "8" }] }],
    });
    await h.run(30_000, 500);
    const pod = h.pod("sidecar")!;
    expect(pod.status.phase).toBe("Running");
    expect(pod.status.initContainerStatuses[0].restartCount).toBeGreaterThanOrEqual(1);
    expect(h.container("sidecar").restartCount).toBe(0);
    expect(h.api.eventsFor("sidecar").filter((e) => e.message === "Started container app")).toHaveLength(1);
  });

  it("refuses an invalid image reference with InvalidImageName", async () => {
    h = await startHarness();
    h.createPod("typo", { image: "Nginx:1.27" });
    await h.run(3_000);
    expect(h.container("typo").state.waiting).toEqual({
      reason: "InvalidImageName",
      message: 'Failed to apply default image tag "Nginx:1.27": couldn\'t parse image name "Nginx:1.27": invalid reference format',
    });
    expect(h.api.eventsFor("typo").map((e) => e.reason)).toEqual(["InspectFailed", "Failed"]);
  });

  it("hands out pod IPs round-robin from the node's /24 and uses the node IP for host-network pods", async () => {
    h = await startHarness();
    h.createPod("a", {});
    h.createPod("b", {});
    h.createPod("host", {}, { hostNetwork: true });
    await h.run(0);
    expect(h.pod("a")!.status.podIP).toBe("10.244.1.2");
    expect(h.pod("b")!.status.podIP).toBe("10.244.1.3");
    expect(h.pod("host")!.status.podIP).toBe("10.0.0.4");
    h.api.delete("pods", "default", "a", { gracePeriodSeconds: 0 });
    h.createPod("c", {});
    await h.run(0);
    expect(h.pod("c")!.status.podIP).toBe("10.244.1.4");
  });

  it("completes a run-once pod as Succeeded", async () => {
    h = await startHarness();
    h.createPod("job", { env: [{ name: "apiary.sim/crash-after", value: "3" }, { name: "apiary.sim/exit-code", value: "0" }] }, { restartPolicy: "Never" });
    await h.run(6_000);
    expect(h.pod("job")!.status.phase).toBe("Succeeded");
    expect(h.container("job").state.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
  });
});

describe("goDuration", () => {
  it("prints durations as Go does in kubelet messages", () => {
    expect(goDuration(1034)).toBe("1.034s");
    expect(goDuration(10_000)).toBe("10s");
    expect(goDuration(300_000)).toBe("5m0s");
    expect(goDuration(850)).toBe("850ms");
  });
});
