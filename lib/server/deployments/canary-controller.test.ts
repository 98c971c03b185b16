import { describe, expect, it } from "vitest";
import { canaryPauseDue } from "./canary-controller";

const deployment = (over: { annotation?: string; generation?: number; observed?: number; updated?: number; paused?: boolean }) =>
  ({
    metadata: { name: "web", namespace: "t-acme", generation: over.generation ?? 2, annotations: over.annotation === undefined ? {} : { "apiary.io/canary-pause-after": over.annotation } },
    spec: { paused: over.paused ?? false },
    status: { observedGeneration: over.observed ?? 2, updatedReplicas: over.updated ?? 0 },
  }) as never;

describe("canaryPauseDue", () => {
  it("is due once the controller has seen the new template and enough pods run it", () => {
    expect(canaryPauseDue(deployment({ annotation: "1", updated: 1 }))).toBe("1");
    expect(canaryPauseDue(deployment({ annotation: "2", updated: 3 }))).toBe("2");
  });

  it("waits while fewer new pods exist, or while the status still describes the previous template", () => {
    expect(canaryPauseDue(deployment({ annotation: "2", updated: 1 }))).toBeNull();
    // updatedReplicas of generation 1 counts pods of the old template: not yet the canary's.
    expect(canaryPauseDue(deployment({ annotation: "1", generation: 3, observed: 2, updated: 4 }))).toBeNull();
  });

  it("does nothing without a canary, when already paused, or for a value that is not a count", () => {
    expect(canaryPauseDue(deployment({ updated: 4 }))).toBeNull();
    expect(canaryPauseDue(deployment({ annotation: "1", updated: 1, paused: true }))).toBeNull();
    expect(canaryPauseDue(deployment({ annotation: "one", updated: 1 }))).toBeNull();
  });
});
