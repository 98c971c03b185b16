import { afterEach, describe, expect, it, vi } from "vitest";
import { drain, resetShutdownForTests } from "@/lib/server/shutdown/graceful-shutdown";
import { checkReadiness } from "./check-readiness";

// Readiness with every dependency answering: ready, until the server starts stopping (SIGTERM), when it answers
// not ready so load balancers send new work to other replicas while this one drains.

vi.mock("@/lib/server/db/get-database", () => ({ getDatabase: async () => ({ ping: async () => {} }) }));
vi.mock("@/lib/server/kubernetes/kube-config", () => ({ describeCluster: () => "https://127.0.0.1:6443", getClusterVersion: async () => ({ gitVersion: "v1.33.0" }) }));

afterEach(() => {
  vi.unstubAllGlobals();
  resetShutdownForTests();
});

describe("checkReadiness", () => {
  it("is ready while every dependency answers, and not ready once the server is stopping", async () => {
    vi.stubGlobal("fetch", async () => new Response(null, { status: 401 }));
    expect((await checkReadiness()).status).toBe("ready");
    await drain();
    const stopping = await checkReadiness();
    expect(stopping.status).toBe("not_ready");
    expect(Object.values(stopping.checks).map((check) => check.status)).toEqual(["up", "up", "up"]);
  });

  it("says why the registry is down in words, from the cause fetch keeps", async () => {
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5000"), { code: "ECONNREFUSED" }) });
    });
    const report = await checkReadiness();
    expect(report.status).toBe("not_ready");
    expect(report.checks.registry).toMatchObject({ status: "down", error: "fetch failed: connect ECONNREFUSED 127.0.0.1:5000" });
  });
});
