import { describe, expect, it } from "vitest";
import { toWorkloadEvent } from "@/lib/server/deployments/to-workload-event";
import type { CachedKindObject } from "./watch-cache";
import { slimEvent } from "./slim-event";

// An Event as the API server sends it (kubelet's, with every field a real one carries).
const wire = (name: string, extra: Record<string, unknown> = {}) => ({
  kind: "Event",
  apiVersion: "v1",
  metadata: { name, namespace: "t-acme", uid: `uid-${name}`, resourceVersion: "4711", creationTimestamp: "2026-12-04T10:00:00Z" },
  involvedObject: { kind: "Pod", namespace: "t-acme", name: "web-7d9f8-abcde", uid: "pod-uid", apiVersion: "v1", resourceVersion: "4700", fieldPath: "spec.containers{app}" },
  reason: "Pulled",
  message: 'Successfully pulled image "registry.local/acme/web:v2" in 1.2s',
  source: { component: "kubelet", host: "node-1" },
  firstTimestamp: "2026-12-04T10:00:00Z",
  lastTimestamp: "2026-12-04T10:00:05Z",
  count: 2,
  type: "Normal",
  eventTime: null,
  reportingComponent: "kubelet",
  reportingInstance: "node-1",
  ...extra,
});

const asCached = (event: unknown) => event as CachedKindObject<"events">;

describe("slimEvent", () => {
  it("keeps every field the console reads, so the events tab and the warnings list show the same", () => {
    const raw = wire("web.1");
    const slim = slimEvent(structuredClone(raw));
    expect(toWorkloadEvent(asCached(slim))).toEqual(toWorkloadEvent(asCached(raw)));
    expect(slim.metadata).toEqual(raw.metadata);
    expect(slim.involvedObject).toEqual({ kind: "Pod", name: "web-7d9f8-abcde", namespace: "t-acme" });
    expect(slim).toMatchObject({ type: "Normal", reason: "Pulled", count: 2, lastTimestamp: "2026-12-04T10:00:05Z" });
  });

  it("keeps the newer series form (events.k8s.io) too", () => {
    const raw = wire("web.2", { count: undefined, firstTimestamp: null, lastTimestamp: null, eventTime: "2026-12-04T10:00:00.123456Z", series: { count: 7, lastObservedTime: "2026-12-04T10:05:00.000001Z" } });
    const slim = slimEvent(structuredClone(raw));
    expect(toWorkloadEvent(asCached(slim))).toEqual(toWorkloadEvent(asCached(raw)));
    expect(toWorkloadEvent(asCached(slim))).toMatchObject({ count: 7 });
  });

  it("drops what nothing reads: source, reporting fields, the involved object's uid and field path", () => {
    const slim = slimEvent(wire("web.3")) as unknown as Record<string, unknown>;
    expect(JSON.stringify(slim)).not.toMatch(/kubelet|node-1|fieldPath|pod-uid/);
  });

  it("gives every Event the same shape, whichever optional fields it came with", () => {
    const a = slimEvent(JSON.parse(JSON.stringify(wire("web.4"))));
    const b = slimEvent(JSON.parse(JSON.stringify(wire("web.5", { series: { count: 2 } }))));
    expect(Object.keys(a)).toEqual(Object.keys(b));
    expect(Object.keys(a.metadata)).toEqual(Object.keys(b.metadata));
    expect(Object.keys(a.involvedObject)).toEqual(Object.keys(b.involvedObject));
  });
});
