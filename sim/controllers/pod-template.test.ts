import { describe, expect, it } from "vitest";
import { ManualClock } from "./fake-cluster-api";
import { WorkQueue, isPodAvailable, isPodReady, labelSelectorMatches, podTemplateHash, safeEncodeString, scaledValueFromIntOrPercent, templatesEqual } from "./pod-template";

const template = {
  metadata: { labels: { app: "web" } },
  spec: { containers: [{ name: "web", image: "nginx:1.25", ports: [{ containerPort: 80, protocol: "TCP" }] }] },
};

function readyPod(since: string, ready = "True") {
  return { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, status: { phase: "Running", conditions: [{ type: "Ready", status: ready, lastTransitionTime: since }] } };
}

describe("pod template helpers", () => {
  it("hashes a template into 10 characters of the real alphabet, stably", () => {
    const hash = podTemplateHash(template);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{10}$/);
    expect(podTemplateHash(JSON.parse(JSON.stringify(template)))).toBe(hash);
    expect(podTemplateHash({ ...template, spec: { containers: [{ ...template.spec.containers[0], image: "nginx:1.26" }] } })).not.toBe(hash);
    expect(podTemplateHash(template, 1)).not.toBe(hash);
  });

  it("encodes decimal digits the way SafeEncodeString does", () => {
    // '0'..'9' are char codes 48..57, which land on 4 5 6 7 8 9 b c d f.
    expect(safeEncodeString("0123456789")).toBe("456789bcdf");
  });

  it("treats the undo template with creationTimestamp null, empty fields and the hash label as equal", () => {
    const fromReplicaSet = {
      metadata: { creationTimestamp: null, labels: { app: "web", "pod-template-hash": "5d8f9c7b6c" }, annotations: {} },
      spec: { containers: [{ ...template.spec.containers[0], resources: {}, env: [] }], volumes: null },
    };
    expect(templatesEqual(fromReplicaSet, template)).toBe(true);
    expect(podTemplateHash(fromReplicaSet)).toBe(podTemplateHash(template));
    expect(templatesEqual({ ...template, metadata: { labels: { app: "api" } } }, template)).toBe(false);
  });

  it("counts a pod as available only after minReadySeconds of readiness", () => {
    const since = "2026-01-01T00:00:00Z";
    const t0 = Date.parse(since);
    expect(isPodReady(readyPod(since))).toBe(true);
    expect(isPodAvailable(readyPod(since), 0, t0)).toBe(true);
    expect(isPodAvailable(readyPod(since), 10, t0 + 9_000)).toBe(false);
    expect(isPodAvailable(readyPod(since), 10, t0 + 10_001)).toBe(true);
    expect(isPodAvailable(readyPod(since, "False"), 0, t0)).toBe(false);
  });

  it("resolves percentages rounding as asked", () => {
    expect(scaledValueFromIntOrPercent("25%", 10, true)).toBe(3);
    expect(scaledValueFromIntOrPercent("25%", 10, false)).toBe(2);
    expect(scaledValueFromIntOrPercent(2, 10, false)).toBe(2);
  });

  it("matches label selectors with expressions", () => {
    const selector = { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["front"] }, { key: "canary", operator: "DoesNotExist" }] };
    expect(labelSelectorMatches(selector, { app: "web", tier: "front" })).toBe(true);
    expect(labelSelectorMatches(selector, { app: "web", tier: "back" })).toBe(false);
    expect(labelSelectorMatches(selector, { app: "web", tier: "front", canary: "1" })).toBe(false);
    expect(labelSelectorMatches({}, { any: "thing" })).toBe(true);
  });

  it("coalesces a burst of events for one key into one sync", () => {
    const clock = new ManualClock();
    const synced: string[] = [];
    const queue = new WorkQueue(clock, (key) => synced.push(key));
    for (let i = 0; i < 100; i++) queue.add("default/web");
    queue.add("default/api");
    expect(synced).toEqual([]);
    clock.advance(0);
    expect(synced).toEqual(["default/web", "default/api"]);
  });

  it("syncs for one slice per tick and keeps the rest queued, so a long resync lets the event loop run between slices", () => {
    // A clock whose ticks are run one at a time, to see what each tick did.
    const ticks: (() => void)[] = [];
    const clock = { now: () => 0, setTimeout: (fn: () => void) => (ticks.push(fn), { cancel: () => ticks.splice(ticks.indexOf(fn), 1) }), setInterval: () => ({ cancel() {} }) };
    const synced: string[] = [];
    const queue = new WorkQueue(clock, (key) => synced.push(key), () => {}, 0);
    for (const key of ["a", "b", "c"]) queue.add(key);
    expect(ticks).toHaveLength(1);
    ticks.shift()!();
    expect(synced).toEqual(["a"]);
    queue.add("c"); // still waiting: one sync
    queue.add("a"); // already synced: again, after the others
    while (ticks.length) ticks.shift()!();
    expect(synced).toEqual(["a", "b", "c", "a"]);
  });

  it("stops between slices when it is stopped", () => {
    const clock = new ManualClock();
    const synced: string[] = [];
    const queue = new WorkQueue(clock, (key) => {
      synced.push(key);
      if (key === "b") queue.stop();
    }, () => {}, 0);
    for (const key of ["a", "b", "c"]) queue.add(key);
    clock.advance(0);
    expect(synced).toEqual(["a", "b"]);
  });
});
