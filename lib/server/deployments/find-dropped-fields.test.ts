import { describe, expect, it } from "vitest";
import { findDroppedFields } from "./find-dropped-fields";

describe("findDroppedFields", () => {
  it("names every field written that the answer does not hold, inside lists too", () => {
    const sent = { spec: { replicaz: 3, template: { spec: { containers: [{ name: "app", imagePullPolcy: "Always" }] } } } };
    const returned = { spec: { replicas: 1, template: { spec: { containers: [{ name: "app", image: "nginx" }] } } }, status: {} };
    expect(findDroppedFields(sent, returned)).toEqual(["spec.replicaz", "spec.template.spec.containers[0].imagePullPolcy"]);
  });

  it("ignores status and values a server leaves out of its answer (false, 0, empty)", () => {
    expect(findDroppedFields({ status: { replicas: 2 }, spec: { hostNetwork: false, paused: false, resources: {}, args: [] } }, { spec: {} })).toEqual([]);
  });
});
