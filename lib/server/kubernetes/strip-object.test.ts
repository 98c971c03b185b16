import { describe, expect, it } from "vitest";
import { LAST_APPLIED_ANNOTATION, stripObject } from "./strip-object";

// The simulated cluster never writes managedFields (a real API server does on every write), so this is where
// dropping them is shown.
describe("stripObject", () => {
  it("drops managedFields and the last-applied annotation and keeps every other annotation", () => {
    const object = {
      metadata: {
        name: "web",
        managedFields: [{ manager: "kubectl", operation: "Apply", fieldsV1: { "f:spec": {} } }],
        annotations: { [LAST_APPLIED_ANNOTATION]: '{"env":[{"name":"PASSWORD","value":"hunter2"}]}', "deployment.kubernetes.io/revision": "3" },
      },
      spec: { replicas: 2 },
    };
    const stripped = stripObject(object);
    expect(stripped).toBe(object);
    expect(stripped.metadata).toEqual({ name: "web", annotations: { "deployment.kubernetes.io/revision": "3" } });
    expect(JSON.stringify(stripped)).not.toContain("hunter2");
  });

  it("turns Dates from client-node's typed deserializer into the strings the wire carries", () => {
    const object = {
      metadata: { name: "p", creationTimestamp: new Date("2026-11-25T09:00:00Z") },
      status: { conditions: [{ type: "Ready", lastTransitionTime: new Date("2026-11-25T09:00:05Z") }] },
      eventTime: new Date("2026-11-25T09:00:05.123Z"),
    };
    const stripped = stripObject(object) as unknown as { metadata: { creationTimestamp: unknown }; status: { conditions: { lastTransitionTime: unknown }[] }; eventTime: unknown };
    expect(stripped.metadata.creationTimestamp).toBe("2026-11-25T09:00:00Z");
    expect(stripped.status.conditions[0].lastTransitionTime).toBe("2026-11-25T09:00:05Z");
    expect(stripped.eventTime).toBe("2026-11-25T09:00:05.123Z");
  });

  it("leaves an object without either untouched", () => {
    const metadata = { name: "plain", annotations: { a: "b" } };
    const object = { metadata };
    expect(stripObject(object).metadata).toBe(metadata);
  });
});
