import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import type { KObject } from "./types";

export interface WriteStateFileOptions {
  /** Real milliseconds of serialising before the writer lets the event loop run again (default 5). */
  sliceMs?: number;
}

// Each object's JSON (UTF-8, after the "," that separates it from the one before) from an earlier save. Stored
// objects are never changed in place, so an object still in the store serialises as it did last time: a save
// re-serialises only what changed since the one before (at 30,000 pods most objects are settled), its bytes go
// to the file as they are (a save of 180,000 cached objects costs ~0.2 s of CPU; encoding them again as
// strings cost ~1.5 s), and an entry goes when its object does. Small entries share Buffer's 8 KiB pool slabs,
// which are allocated in snapshot order, so neighbours in a slab are mostly objects of one kind and lifetime.
const serialized = new WeakMap<object, Buffer>();

function entryOf(obj: KObject): Buffer {
  let entry = obj !== null && typeof obj === "object" ? serialized.get(obj) : undefined;
  if (entry === undefined) {
    entry = Buffer.from(`,${JSON.stringify(obj) ?? "null"}`);
    if (obj !== null && typeof obj === "object") serialized.set(obj, entry);
  }
  return entry;
}

/**
 * Writes `{ ...head, "objects": [...] }` as JSON to `path` atomically (a private temp file renamed over it),
 * byte for byte what `JSON.stringify({ ...head, objects })` gives, but without ever blocking the event loop
 * for long: objects are serialised a few milliseconds at a time with the file writes in between. One
 * `JSON.stringify` of a 30,000-pod cluster holds the simulator for seconds, during which no request, watch
 * event or kubelet timer runs, which is what made list and watch latency miss their targets at scale.
 *
 * `objects` may be the store's own objects (ObjectStore.snapshot()): they are never changed in place, so the
 * file is a consistent picture of the moment the snapshot was taken even though writes go on meanwhile. For the
 * same reason an object's JSON is kept from one save to the next; an object must not be mutated after it has
 * been written (objects that are, like test fixtures, should be cloned by the caller).
 */
export async function writeStateFile(path: string, head: Record<string, unknown>, objects: readonly KObject[], options: WriteStateFileOptions = {}): Promise<void> {
  const sliceMs = options.sliceMs ?? 5;
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const file = await open(tmp, "w", 0o600);
  try {
    const headJson = JSON.stringify({ ...head, objects: [] });
    // `{…,"objects":[]}` → `{…,"objects":[` so the objects can follow; the same key order as JSON.stringify.
    let batch: Buffer[] = [Buffer.from(headJson.slice(0, -2))];
    let batchBytes = 0;
    let sliceStart = performance.now();
    for (let i = 0; i < objects.length; i++) {
      const entry = entryOf(objects[i]);
      // The first object has no separator before it.
      batch.push(i === 0 ? entry.subarray(1) : entry);
      batchBytes += entry.length;
      if (batch.length >= 1024 || batchBytes >= 1 << 20 || performance.now() - sliceStart >= sliceMs) {
        await file.writev(batch);
        batch = [];
        batchBytes = 0;
        // A write can complete without a macrotask turn; setImmediate lets requests and timers in.
        await new Promise<void>((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
    batch.push(Buffer.from("]}"));
    await file.writev(batch);
    await file.close();
  } catch (err) {
    await file.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
  await rename(tmp, path);
}
