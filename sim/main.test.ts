import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

describe("npm run sim", () => {
  it("prints one ready line, serves token-file users and saves state on SIGTERM", async () => {
    const dir = await mkdtemp(join(tmpdir(), "apiary-sim-main-"));
    try {
      const tokenFile = join(dir, "tokens.csv");
      await writeFile(tokenFile, 'tok-alice,alice,u1,"devs,ops"\n');
      const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "main.ts"), "--port", "0", "--nodes", "1", "--state", join(dir, "state.json"), "--kubeconfig", join(dir, "kubeconfig"), "--token-file", tokenFile], {
        cwd: join(import.meta.dirname, ".."),
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout.on("data", (d) => (out += String(d)));
      child.stderr.on("data", (d) => (out += String(d)));
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      for (let i = 0; i < 300 && !/ready on/.test(out); i++) await new Promise((r) => setTimeout(r, 100));
      const m = /^apiary-sim ready on (http:\/\/127\.0\.0\.1:(\d+)) \(1 node\), kubeconfig (.+)$/m.exec(out);
      expect(m, out).not.toBeNull();
      const res = await fetch(`${m![1]}/apis/authentication.k8s.io/v1/selfsubjectreviews`, {
        method: "POST",
        headers: { Authorization: "Bearer tok-alice", "Content-Type": "application/json" },
        body: JSON.stringify({ apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" }),
      });
      expect((await res.json()).status.userInfo).toEqual({ username: "alice", groups: ["devs", "ops", "system:authenticated"] });
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      const state = JSON.parse(await readFile(join(dir, "state.json"), "utf8"));
      expect(state.objects.some((o: { kind: string }) => o.kind === "Node")).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
