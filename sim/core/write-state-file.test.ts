import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { KObject } from "./types";
import { writeStateFile } from "./write-state-file";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "write-state-file-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function pod(i: number): KObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name: `p-${i}`, namespace: "ns", labels: { app: "ü\"web\n" } }, spec: { containers: [{ name: "c", image: "nginx" }] } };
}

describe("writeStateFile", () => {
  it("writes exactly what JSON.stringify of the whole state gives", async () => {
    const path = join(tempDir(), "state", "sim-state.json");
    const objects = Array.from({ length: 500 }, (_, i) => pod(i));
    const head = { version: 1, adminToken: "t", resourceVersion: "42" };
    await writeStateFile(path, head, objects, { sliceMs: 0 });
    expect(readFileSync(path, "utf8")).toBe(JSON.stringify({ ...head, objects }));
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("writes a state larger than one batch of writes exactly", async () => {
    const path = join(tempDir(), "s.json");
    const objects = Array.from({ length: 5_000 }, (_, i) => pod(i));
    await writeStateFile(path, { version: 1 }, objects, { sliceMs: 1_000 });
    expect(readFileSync(path, "utf8")).toBe(JSON.stringify({ version: 1, objects }));
  });

  it("writes an empty object list and leaves no temp file behind", async () => {
    const dir = tempDir();
    const path = join(dir, "s.json");
    await writeStateFile(path, { version: 1 }, []);
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({ version: 1, objects: [] });
    expect(readdirSync(dir)).toEqual(["s.json"]);
  });

  it("writes a later state of the store, with the objects replaced since the first save", async () => {
    const path = join(tempDir(), "s.json");
    const objects = [pod(1), pod(2)];
    await writeStateFile(path, { resourceVersion: "1" }, objects);
    const replaced = { ...objects[1], metadata: { ...objects[1].metadata, labels: { app: "api" } } };
    await writeStateFile(path, { resourceVersion: "2" }, [objects[0], replaced, pod(3)]);
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({ resourceVersion: "2", objects: [pod(1), replaced, pod(3)] });
  });

  it("lets timers run while a large state is written", async () => {
    const path = join(tempDir(), "s.json");
    const objects = Array.from({ length: 2_000 }, (_, i) => pod(i));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      await writeStateFile(path, { version: 1 }, objects, { sliceMs: 0 });
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(path, "utf8")).objects).toHaveLength(2_000);
  });
});
