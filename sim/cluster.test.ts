import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { connect } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { parseNodeSize, startCluster } from "./cluster";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "apiary-cluster-test-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("startCluster", () => {
  it("writes a kubeconfig for the admin and keeps objects and the admin token across a restart", async () => {
    const statePath = join(dir, "state.json");
    const kubeconfigPath = join(dir, "kubeconfig");
    const first = await startCluster({ port: 0, nodes: 1, statePath, kubeconfigPath, speed: 10 });
    const kubeconfig = parseYaml(await readFile(kubeconfigPath, "utf8"));
    expect(kubeconfig["current-context"]).toBe("apiary-sim");
    expect(kubeconfig.clusters[0]).toEqual({ name: "apiary-sim", cluster: { server: first.httpsUrl, "insecure-skip-tls-verify": true } });
    expect(first.httpsUrl).toBe(`https://127.0.0.1:${first.port}`);
    expect(kubeconfig.users[0]).toEqual({ name: "apiary-sim-admin", user: { token: first.adminToken } });

    // The admin token authenticates on both the plain and the TLS side of the port.
    const res = await fetch(`${first.url}/api/v1/namespaces`, { headers: { Authorization: `Bearer ${first.adminToken}` } });
    expect(res.status).toBe(200);
    first.api.create("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "kept", namespace: "default" }, data: { a: "1" } });
    await first.stop();

    const saved = JSON.parse(await readFile(statePath, "utf8"));
    expect(saved.adminToken).toBe(first.adminToken);
    const second = await startCluster({ port: 0, nodes: 1, statePath, kubeconfigPath, speed: 10 });
    try {
      expect(second.adminToken).toBe(first.adminToken);
      expect(second.api.get("configmaps", "default", "kept")?.data).toEqual({ a: "1" });
      expect(second.api.get("clusterrolebindings", undefined, "cluster-admin")).toBeDefined();
      // With a sped-up clock the saved timestamps are ahead of real time; the restarted clock must not go back.
      expect(second.api.clock.now()).toBeGreaterThanOrEqual(saved.clockMs);
    } finally {
      await second.stop();
    }
  });

  it("negotiates the TLS 1.3 suite kube-apiserver's Go TLS picks for a Node client (AES-128-GCM), not the client's first", async () => {
    const cluster = await startCluster({ port: 0, nodes: 1, statePath: join(dir, "tls-state.json"), kubeconfigPath: join(dir, "tls-kubeconfig"), speed: 10 });
    try {
      const socket = connect({ host: "127.0.0.1", port: cluster.port, rejectUnauthorized: false });
      await once(socket, "secureConnect");
      expect(socket.getProtocol()).toBe("TLSv1.3");
      expect(socket.getCipher().name).toBe("TLS_AES_128_GCM_SHA256");
      socket.destroy();
    } finally {
      await cluster.stop();
    }
  });

  it("parses node sizes", () => {
    expect(parseNodeSize("8cpu,32Gi")).toEqual({ cpuMillicores: 8000, memoryMiB: 32768 });
    expect(parseNodeSize("500mcpu,512Mi")).toEqual({ cpuMillicores: 500, memoryMiB: 512 });
    expect(() => parseNodeSize("lots")).toThrow(/8cpu,32Gi/);
  });
});
