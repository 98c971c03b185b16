import { describe, expect, it } from "vitest";
import { admitLimitRange } from "./admission-limit-range";
import { applyDefaults } from "./defaults";
import type { KObject } from "./types";

function limitRange(item: Record<string, unknown>): KObject {
  const lr: KObject = { apiVersion: "v1", kind: "LimitRange", metadata: { name: "limits", namespace: "shop" }, spec: { limits: [{ type: "Container", ...item }] } };
  applyDefaults("limitranges", lr, { allocateClusterIP: () => "", allocateNodePort: () => 0 });
  return lr;
}

function pod(resources: Record<string, unknown> = {}): KObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "shop" }, spec: { containers: [{ name: "app", image: "nginx", resources }] } };
}

describe("LimitRange admission", () => {
  it("gives containers the default limits and requests", () => {
    const p = pod();
    admitLimitRange(p, [limitRange({ default: { cpu: "500m", memory: "256Mi" }, defaultRequest: { cpu: "100m" } })]);
    expect(p.spec.containers[0].resources).toEqual({ limits: { cpu: "500m", memory: "256Mi" }, requests: { cpu: "100m", memory: "256Mi" } });
  });

  it("keeps what the container set itself", () => {
    const p = pod({ requests: { cpu: "50m" }, limits: { cpu: "1" } });
    admitLimitRange(p, [limitRange({ default: { cpu: "500m" }, defaultRequest: { cpu: "100m" } })]);
    expect(p.spec.containers[0].resources).toEqual({ requests: { cpu: "50m" }, limits: { cpu: "1" } });
  });

  it("refuses a limit above the maximum", () => {
    expect(() => admitLimitRange(pod({ limits: { cpu: "4" }, requests: { cpu: "1" } }), [limitRange({ max: { cpu: "2" } })])).toThrow(
      'pods "web" is forbidden: maximum cpu usage per Container is 2, but limit is 4',
    );
  });

  it("refuses a request below the minimum", () => {
    expect(() => admitLimitRange(pod({ requests: { memory: "10Mi" }, limits: { memory: "20Mi" } }), [limitRange({ min: { memory: "64Mi" } })])).toThrow(
      'pods "web" is forbidden: [minimum memory usage per Container is 64Mi, but request is 10Mi, minimum memory usage per Container is 64Mi, but limit is 20Mi]',
    );
  });

  it("enforces the limit to request ratio", () => {
    expect(() => admitLimitRange(pod({ requests: { cpu: "100m" }, limits: { cpu: "400m" } }), [limitRange({ maxLimitRequestRatio: { cpu: "2" } })])).toThrow(
      "cpu max limit to request ratio per Container is 2, but provided ratio is 4.000000",
    );
  });
});
