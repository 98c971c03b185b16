import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import type { KObject } from "./types";

export interface WriteStateFileOptions {
  /** Real milliseconds of serialising before the writer lets the event loop run again (default 8). */
  sliceMs?: number;
}

/**
 * Writes `{ ...head, "objects": [...] }` as JSON to `path` atomically (a private temp file renamed over it),
 * byte for byte what `JSON.stringify({ ...head, objects })` gives, but without ever blocking the event loop
 * for long: objects are serialised a few milliseconds at a time with the file writes in between. One
 * `JSON.stringify` of a 30,000-pod cluster holds the simulator for seconds, during which no request, watch
 * event or kubelet timer runs, which is what made list and watch latency miss their targets at scale.
 *
 * `objects` may be the store's own objects (ObjectStore.snapshot()): they are never changed in place, so the
 * file is a consistent picture of the moment the snapshot was taken even though writes go on meanwhile.
 */
export async function writeStateFile(path: string, head: Record<string, unknown>, objects: readonly KObject[], options: WriteStateFileOptions = {}): Promise<void> {
  const sliceMs = options.sliceMs ?? 8;
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const file = await open(tmp, "w", 0o600);
  try {
    const headJson = JSON.stringify({ ...head, objects: [] });
    // `{…,"objects":[]}` → `{…,"objects":[` so the objects can follow; the same key order as JSON.stringify.
    let chunk = headJson.slice(0, -2);
    let sliceStart = performance.now();
    for (let i = 0; i < objects.length; i++) {
      if (i > 0) chunk += ",";
      chunk += JSON.stringify(objects[i]) ?? "null";
      if (chunk.length >= 1 << 20 || performance.now() - sliceStart >= sliceMs) {
        await file.write(chunk);
        chunk = "";
        // A write can complete without a macrotask turn; setImmediate lets requests and timers in.
        await new Promise<void>((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
    chunk += "]}";
    await file.write(chunk);
    await file.close();
  } catch (err) {
    await file.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
  await rename(tmp, path);
}
