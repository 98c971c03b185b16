import { describe, expect, it } from "vitest";
import { ApiError } from "./api-error";
import { refuseNul } from "./refuse-nul";

const refusal = (fn: () => void) => {
  try {
    fn();
    return null;
  } catch (error) {
    return error as ApiError;
  }
};

describe("refuseNul", () => {
  it("lets text without NUL through, whatever else it holds", () => {
    expect(refusal(() => refuseNul("body", { name: "Zoë 𝕏 \u202E ' OR 1=1 --", tags: ["a", { b: "c" }], n: 1, ok: null }))).toBeNull();
  });

  it("refuses a NUL in a path segment, a query value, a nested body string or a key with 422 naming the field", () => {
    expect(refusal(() => refuseNul("path", { tenant: "acme\u0000" }))?.details).toEqual([{ field: "path.tenant", message: "must not contain NUL characters" }]);
    expect(refusal(() => refuseNul("query", { q: "\u0000" }))?.status).toBe(422);
    const nested = refusal(() => refuseNul("body", { spec: { env: [{ name: "A", value: "x\u0000y" }] } }));
    expect(nested?.code).toBe("validation_failed");
    expect(nested?.details).toEqual([{ field: "body.spec.env.0.value", message: "must not contain NUL characters" }]);
    expect(refusal(() => refuseNul("body", { "a\u0000": 1 }))?.status).toBe(422);
  });

  it("walks a body nested far deeper than the call stack allows without overflowing", () => {
    let deep: unknown = "\u0000";
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(refusal(() => refuseNul("body", deep))?.status).toBe(422);
  });
});
