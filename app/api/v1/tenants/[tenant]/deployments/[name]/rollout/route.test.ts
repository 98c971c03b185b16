import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signup } from "@/app/api/v1/signup/route";
import { POST as createKey } from "@/app/api/v1/tenants/[tenant]/api-keys/route";
import { startCanaryController } from "@/lib/server/deployments/canary-controller";
import { apiaryClients } from "@/lib/server/kubernetes/cluster-clients";
import type { WatchCache } from "@/lib/server/kubernetes/watch-cache";
import { call } from "@/scripts/test-support/api-test-harness";
import { startClusterApiHarness, type ClusterApiHarness } from "@/scripts/test-support/cluster-api-harness";
import type { FakeRegistry, TestCluster } from "@/scripts/test-support/test-cluster";
import { POST as create } from "../../route";
import { GET as getWorkload } from "../route";
import { POST as pause } from "./pause/route";
import { POST as restart } from "./restart/route";
import { POST as resume } from "./resume/route";
import { POST as start } from "./route";
import { POST as undo } from "./undo/route";

// Rollouts through Apiary and through kubectl on the same Deployments, against the simulated cluster: both tools
// must agree on images and revision numbers whichever one acted last.

let env: ClusterApiHarness;
let cluster: TestCluster;
let registry: FakeRegistry;
let cache: WatchCache;
let stopCanaries: () => void;
let owner: string;
let outsider: string;
let viewerKey: string;
const ns = "t-acme";
let image: (tag: string) => string;

beforeAll(async () => {
  env = await startClusterApiHarness({ images: ["v1", "v2", "v3"].map((tag) => ({ repository: "acme/web", tag })) });
  ({ registry, cluster, cache } = env);
  stopCanaries = startCanaryController(cache, apiaryClients());
  owner = (await call(signup, "POST", "/api/v1/signup", { body: { email: "owner@example.com", password: "correct horse battery", name: "O", tenantName: "Acme" } })).sessionToken!;
  outsider = (await call(signup, "POST", "/api/v1/signup", { body: { email: "out@example.com", password: "correct horse battery", name: "X", tenantName: "Globex" } })).sessionToken!;
  viewerKey = (await call(createKey, "POST", "/api/v1/tenants/acme/api-keys", { session: owner, params: { tenant: "acme" }, body: { name: "v", role: "viewer" } })).body.key;
  image = (tag) => `${registry.host}/acme/web:${tag}`;
}, 180_000);
afterAll(async () => {
  stopCanaries?.();
  await env?.stop();
});

type Handler = typeof start;
const act = (handler: Handler, name: string, path = "", body?: unknown, auth: { session?: string; apiKey?: string } = { session: owner }) =>
  call(handler, "POST", `/api/v1/tenants/acme/deployments/${name}/rollout${path}`, { ...auth, params: { tenant: "acme", name }, body });

async function deploymentJson(name: string): Promise<any> {
  const result = await cluster.kubectl(["get", "deployment", name, "-n", ns, "-o", "json"]);
  if (result.code !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, attempts = 300): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`never happened: ${what}`);
}

async function rolledOut(name: string): Promise<void> {
  const status = await cluster.kubectl(["rollout", "status", `deployment/${name}`, "-n", ns, "--timeout=120s"], { timeoutMs: 150_000 });
  expect(status.code, status.stderr).toBe(0);
}

async function history(name: string): Promise<number[]> {
  const result = await cluster.kubectl(["rollout", "history", `deployment/${name}`, "-n", ns]);
  expect(result.code, result.stderr).toBe(0);
  return [...result.stdout.matchAll(/^(\d+)\s/gm)].map((match) => Number(match[1]));
}

const imageOf = (deployment: any): string => deployment.spec.template.spec.containers[0].image;

describe("rollouts that kubectl agrees with", () => {
  beforeAll(async () => {
    const created = await call(create, "POST", "/api/v1/tenants/acme/deployments", { session: owner, params: { tenant: "acme" }, body: { spec: { name: "web", image: image("v1"), replicas: 1 } } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await rolledOut("web");
  }, 180_000);

  it("upgrades to a new image, which kubectl's history shows as revision 2", async () => {
    const started = await act(start, "web", "", { image: image("v2") });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    await rolledOut("web");
    expect(imageOf(await deploymentJson("web"))).toBe(image("v2"));
    expect(await history("web")).toEqual([1, 2]);
  });

  it("rolls back as kubectl rollout undo does: the old template returns as revision 3", async () => {
    const undone = await act(undo, "web", "/undo", {});
    expect(undone.status, JSON.stringify(undone.body)).toBe(200);
    await rolledOut("web");
    const deployment = await deploymentJson("web");
    expect(imageOf(deployment)).toBe(image("v1"));
    expect(deployment.spec.template.metadata.labels["pod-template-hash"]).toBeUndefined();
    expect(deployment.metadata.annotations["deployment.kubernetes.io/revision"]).toBe("3");
    expect(await history("web")).toEqual([2, 3]);
    const revision3 = await cluster.kubectl(["rollout", "history", "deployment/web", "-n", ns, "--revision=3"]);
    expect(revision3.stdout).toContain(image("v1"));
  });

  it("sees what kubectl rollout undo did", async () => {
    const result = await cluster.kubectl(["rollout", "undo", "deployment/web", "-n", ns]);
    expect(result.code, result.stderr).toBe(0);
    await rolledOut("web");
    const seen = await eventually(async () => {
      const detail = await call(getWorkload, "GET", "/api/v1/tenants/acme/deployments/web", { session: owner, params: { tenant: "acme", name: "web" } });
      return detail.status === 200 && detail.body.revision === 4 ? detail.body : undefined;
    }, "Apiary shows revision 4");
    expect(seen.image).toBe(image("v2"));
  });

  it("rolls back to a named revision, and refuses one that is not kept", async () => {
    const missing = await act(undo, "web", "/undo", { revision: 99 });
    expect(missing.status).toBe(422);
    expect(missing.body.error.message).toMatch(/revision 99 not found/);
    const toThree = await act(undo, "web", "/undo", { revision: 3 });
    expect(toThree.status, JSON.stringify(toThree.body)).toBe(200);
    await rolledOut("web");
    expect(imageOf(await deploymentJson("web"))).toBe(image("v1"));
    expect(await history("web")).toEqual([4, 5]);
  });

  it("restarts by stamping restartedAt in the pod template, as kubectl rollout restart", async () => {
    const restarted = await act(restart, "web", "/restart");
    expect(restarted.status, JSON.stringify(restarted.body)).toBe(200);
    const stamp = (await deploymentJson("web")).spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"];
    expect(stamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    await rolledOut("web");
    expect(await history("web")).toEqual([4, 5, 6]);
  });

  it("pauses and resumes, visible to kubectl, and answers the state when already paused", async () => {
    expect((await act(pause, "web", "/pause")).status).toBe(200);
    expect((await deploymentJson("web")).spec.paused).toBe(true);
    const again = await act(pause, "web", "/pause");
    expect(again.status).toBe(200);
    expect(again.body.paused).toBe(true);
    expect((await act(resume, "web", "/resume")).status).toBe(200);
    expect((await deploymentJson("web")).spec.paused ?? false).toBe(false);
  });

  it("refuses a viewer (403) and an outsider (404), changing nothing", async () => {
    expect((await act(start, "web", "", { image: image("v3") }, { apiKey: viewerKey })).status).toBe(403);
    expect((await act(restart, "web", "/restart", undefined, { session: outsider })).status).toBe(404);
    expect((await act(undo, "web", "/undo", {}, { session: outsider })).status).toBe(404);
    expect(imageOf(await deploymentJson("web"))).toBe(image("v1"));
  });
});

describe("canary", () => {
  it("pauses after one new pod of four, then resumes to the end", async () => {
    const spec = { name: "canary", image: image("v1"), replicas: 4, strategy: { maxSurge: "1", maxUnavailable: "0" } };
    const created = await call(create, "POST", "/api/v1/tenants/acme/deployments", { session: owner, params: { tenant: "acme" }, body: { spec } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await rolledOut("canary");
    const started = await act(start, "canary", "", { image: image("v2"), canary: { pauseAfterPods: 1 } });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const paused = await eventually(async () => {
      const deployment = await deploymentJson("canary");
      return deployment.spec.paused === true ? deployment : undefined;
    }, "the canary pauses");
    expect(paused.metadata.annotations["apiary.io/canary-pause-after"]).toBeUndefined();
    expect(paused.status.updatedReplicas).toBe(1);
    expect(paused.spec.replicas).toBe(4);
    // Still a canary while it waits: the screens can say it paused itself after one new pod.
    expect(paused.metadata.annotations["apiary.io/canary-paused-after"]).toBe("1");
    const waiting = await eventually(async () => {
      const detail = await call(getWorkload, "GET", "/api/v1/tenants/acme/deployments/canary", { session: owner, params: { tenant: "acme", name: "canary" } });
      return detail.body.state === "paused" ? detail.body : undefined;
    }, "the API reports the pause");
    expect(waiting.canaryPauseAfter).toBe(1);

    expect((await act(resume, "canary", "/resume")).status).toBe(200);
    await rolledOut("canary");
    const done = await deploymentJson("canary");
    expect(done.status).toMatchObject({ updatedReplicas: 4, availableReplicas: 4 });
    expect(imageOf(done)).toBe(image("v2"));
    expect(done.metadata.annotations["apiary.io/canary-paused-after"]).toBeUndefined();
  });

  it("rolls a paused canary back to the previous image, resuming it so the old pods return", async () => {
    const started = await act(start, "canary", "", { image: image("v3"), canary: { pauseAfterPods: 1 } });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    await eventually(async () => (await deploymentJson("canary")).spec.paused === true, "the second canary pauses");
    const undone = await act(undo, "canary", "/undo", {});
    expect(undone.status, JSON.stringify(undone.body)).toBe(200);
    await rolledOut("canary");
    const back = await deploymentJson("canary");
    expect(imageOf(back)).toBe(image("v2"));
    expect(back.spec.paused ?? false).toBe(false);
    // The canary request copied onto the v3 ReplicaSet did not come back with the rollback.
    expect(back.metadata.annotations["apiary.io/canary-pause-after"]).toBeUndefined();
    expect(back.metadata.annotations["apiary.io/canary-paused-after"]).toBeUndefined();
    expect(back.status).toMatchObject({ updatedReplicas: 4, availableReplicas: 4 });
  });

  it("upgrades and rolls back a StatefulSet through its ControllerRevisions, as kubectl does; no canary for it", async () => {
    const created = await call(create, "POST", "/api/v1/tenants/acme/deployments", { session: owner, params: { tenant: "acme" }, body: { spec: { name: "db", kind: "StatefulSet", image: image("v1"), replicas: 1 } } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const statefulSetJson = async () => JSON.parse((await cluster.kubectl(["get", "statefulset", "db", "-n", ns, "-o", "json"])).stdout);
    const settled = (tag: string) => eventually(async () => {
      const set = await statefulSetJson();
      return imageOf(set) === image(tag) && set.status?.updatedReplicas === 1 && set.status?.readyReplicas === 1 && set.status?.currentRevision === set.status?.updateRevision;
    }, `db runs ${tag}`);
    await settled("v1");
    const canary = await act(start, "db", "", { image: image("v2"), canary: { pauseAfterPods: 1 } });
    expect(canary.status).toBe(422);
    const upgraded = await act(start, "db", "", { image: image("v2") });
    expect(upgraded.status, JSON.stringify(upgraded.body)).toBe(200);
    await settled("v2");
    const undone = await act(undo, "db", "/undo", {});
    expect(undone.status, JSON.stringify(undone.body)).toBe(200);
    await settled("v1");
    const statefulHistory = await cluster.kubectl(["rollout", "history", "statefulset/db", "-n", ns]);
    expect([...statefulHistory.stdout.matchAll(/^(\d+)\s/gm)].map((match) => Number(match[1]))).toEqual([2, 3]);
    const missing = await act(undo, "db", "/undo", { revision: 9 });
    expect(missing.status).toBe(422);
    expect(missing.body.error.message).toMatch(/revision 9 not found/);
  });
});
