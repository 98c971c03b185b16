import { describe, expect, it } from "vitest";
import { parseFieldSelector, parseLabelSelector, selectorFromSpec, selectorToString } from "./selectors";
import type { KObject } from "./types";

function badRequest(fn: () => unknown): { code: number; message: string } {
  try {
    fn();
  } catch (e) {
    return e as { code: number; message: string };
  }
  throw new Error("expected an error");
}

describe("label selectors", () => {
  const web = { app: "web", tier: "front" };
  const api = { app: "api" };

  it.each([
    ["app=web", true, false],
    ["app==web", true, false],
    ["app!=web", false, true],
    ["app in (web, db)", true, false],
    ["app notin (web)", false, true],
    ["tier", true, false],
    ["!tier", false, true],
    ["app=web,tier=front", true, false],
    ["app=web,tier=back", false, false],
    ["", true, true],
  ])("%s", (selector, matchesWeb, matchesApi) => {
    const s = parseLabelSelector(selector);
    expect(s.matches(web)).toBe(matchesWeb);
    expect(s.matches(api)).toBe(matchesApi);
  });

  it("rejects malformed selectors with the apimachinery message", () => {
    expect(badRequest(() => parseLabelSelector("app=web=x"))).toMatchObject({ code: 400, message: "found '=', expected: ',' or 'end of string'" });
    expect(badRequest(() => parseLabelSelector("app in web"))).toMatchObject({ code: 400, message: "unable to parse requirement: found 'web', expected: '('" });
    expect(badRequest(() => parseLabelSelector("app=web,"))).toMatchObject({ message: "found '', expected: identifier after ','" });
    expect(badRequest(() => parseLabelSelector("a b"))).toMatchObject({ message: "unable to parse requirement: found 'b', expected: '=', '!=', '==', 'in', notin'" });
  });

  it("prints a deployment selector the way Scale.status.selector carries it", () => {
    const s = selectorFromSpec({ matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["b", "a"] }] });
    expect(selectorToString(s)).toBe("app=web,tier in (a,b)");
    expect(s.matches({ app: "web", tier: "a" })).toBe(true);
    expect(selectorFromSpec(undefined).matches({})).toBe(false);
  });
});

describe("field selectors", () => {
  const pod: KObject = { apiVersion: "v1", kind: "Pod", metadata: { name: "web-1", namespace: "shop" }, spec: { nodeName: "node-1" }, status: { phase: "Running" } };

  it("matches pod fields with = and !=", () => {
    expect(parseFieldSelector("pods", "spec.nodeName=node-1,status.phase!=Pending").matches(pod)).toBe(true);
    expect(parseFieldSelector("pods", "metadata.name==web-2").matches(pod)).toBe(false);
    expect(parseFieldSelector("pods", "spec.nodeName=").matches(pod)).toBe(false);
    expect(parseFieldSelector("pods", "metadata.name=web-1").name).toBe("web-1");
  });

  it("matches event fields", () => {
    const ev: KObject = { apiVersion: "v1", kind: "Event", metadata: { name: "e" }, involvedObject: { kind: "Deployment", name: "web" }, reason: "ScalingReplicaSet", type: "Normal" };
    expect(parseFieldSelector("events", "involvedObject.kind=Deployment,involvedObject.name=web,type=Normal").matches(ev)).toBe(true);
  });

  it("rejects a field the resource does not index", () => {
    expect(badRequest(() => parseFieldSelector("deployments", "spec.replicas=3"))).toMatchObject({ code: 400, message: "field label not supported: spec.replicas" });
    expect(badRequest(() => parseFieldSelector("pods", "nonsense"))).toMatchObject({ code: 400, message: "invalid selector: 'nonsense'; can't understand 'nonsense'" });
  });
});
