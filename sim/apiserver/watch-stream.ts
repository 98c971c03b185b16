// Streams a watch as newline-delimited JSON, the framing both client-go and client-node decode. Headers are
// flushed at once (clients wait for them before reading), and disconnects are detected on the response, since
// the request's 'close' fires as soon as its (empty) body has been read.
import type { ServerResponse } from "node:http";
import type { KObject, ServedClusterApi, WatchEvent, WatchOptions } from "../core/types";

export interface WatchStreamOptions {
  resource: string;
  watch: WatchOptions;
  /** Converts each event's object before it is written (Table rows for `kubectl get -w`). */
  transform?: (obj: KObject, type: WatchEvent["type"]) => KObject;
  /** Real seconds after which the server ends the stream, as kube-apiserver does with timeoutSeconds. */
  timeoutSeconds?: number;
}

// Stored objects are never changed in place, so one serialisation serves every watcher an event reaches
// (50 watchers of a namespace cost one JSON.stringify per change, not fifty). It is kept as a string, as before:
// small Buffers would share 8 KiB pool slabs, and one long-lived object's line could keep a whole slab alive.
const serialized = new WeakMap<object, string>();

function serializedObject(obj: KObject): string {
  let json = serialized.get(obj);
  if (json === undefined) {
    json = JSON.stringify(obj);
    serialized.set(obj, json);
  }
  return json;
}

// The API layer hands one change to its watchers one after the other, so the line built for the first is the
// line of the next ones too (a watcher's type can differ: the change may enter or leave its selector).
let lastObject: KObject | undefined;
let lastType: WatchEvent["type"] | undefined;
let lastLine = "";

function lineOf(type: WatchEvent["type"], obj: KObject): string {
  if (obj !== lastObject || type !== lastType) {
    lastLine = `{"type":"${type}","object":${serializedObject(obj)}}\n`;
    lastObject = obj;
    lastType = type;
  }
  return lastLine;
}

/** A watch response's lines not yet written, oldest first. */
interface PendingWrites {
  res: ServerResponse;
  lines: string[];
}

// Events are written once per turn of the event loop, not one by one. Each create handled in a turn (8 clients
// at once queue several between two turns) would otherwise cost every watcher its own socket write, and the
// write syscalls to 50 watch connections were the biggest cost of a burst of creates. A watcher now gets all
// the turn's events in one write, right after the turn's I/O callbacks (setImmediate), the way kube-apiserver
// flushes a watch only when no further event is already waiting.
const waiting = new Map<ServerResponse, PendingWrites>();
let flushScheduled = false;

function writeLines(res: ServerResponse, lines: string[]): void {
  if (res.writableEnded || res.destroyed) return;
  res.write(lines.length === 1 ? lines[0] : lines.join(""));
}

function flushWaiting(): void {
  flushScheduled = false;
  for (const { res, lines } of waiting.values()) writeLines(res, lines);
  waiting.clear();
}

function enqueue(res: ServerResponse, line: string): void {
  let pending = waiting.get(res);
  if (!pending) waiting.set(res, (pending = { res, lines: [] }));
  pending.lines.push(line);
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flushWaiting);
  }
}

/** Writes what `res` still has waiting now, ahead of the end of its stream. */
function flushNow(res: ServerResponse): void {
  const pending = waiting.get(res);
  if (!pending) return;
  waiting.delete(res);
  writeLines(res, pending.lines);
}

/** Opens the stream; returns a function that ends it (used by drop-watches and server shutdown). */
export function serveWatch(api: ServedClusterApi, res: ServerResponse, opts: WatchStreamOptions, onEnded: () => void): () => void {
  let ended = false;
  let handle: { stop(): void } | undefined;
  let timer: NodeJS.Timeout | undefined;
  const end = () => {
    if (ended) return;
    ended = true;
    if (timer) clearTimeout(timer);
    handle?.stop();
    flushNow(res);
    if (!res.writableEnded) res.end();
    onEnded();
  };
  res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private", "Transfer-Encoding": "chunked" });
  res.flushHeaders();
  res.on("close", end);
  if (opts.timeoutSeconds !== undefined && opts.timeoutSeconds > 0) {
    timer = setTimeout(end, opts.timeoutSeconds * 1000);
    timer.unref?.();
  }
  const write = (event: WatchEvent) => {
    if (ended) return;
    const transformed = opts.transform && event.type !== "ERROR" && event.type !== "BOOKMARK";
    const line = transformed
      ? `{"type":"${event.type}","object":${JSON.stringify(opts.transform!(event.object, event.type))}}\n`
      : event.type === "ERROR" || event.type === "BOOKMARK"
        ? `{"type":"${event.type}","object":${JSON.stringify(event.object)}}\n` // built for this watcher alone
        : lineOf(event.type, event.object);
    enqueue(res, line);
    // An expired resourceVersion ends the watch: the client must relist.
    if (event.type === "ERROR") end();
  };
  try {
    handle = api.watch(opts.resource, opts.watch, write);
  } catch (err) {
    // Errors before the first event (bad selector, too-old resourceVersion) are sent in-stream as the real
    // server does once the response has started.
    const status = err && typeof err === "object" && "toStatus" in err ? (err as { toStatus(): KObject }).toStatus() : { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: String(err), reason: "InternalError", code: 500 };
    write({ type: "ERROR", object: status });
  }
  if (ended) handle?.stop();
  return end;
}
