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
// (50 watchers of a namespace cost one JSON.stringify per change, not fifty).
const serialized = new WeakMap<object, string>();

function serializedObject(obj: KObject): string {
  let json = serialized.get(obj);
  if (json === undefined) {
    json = JSON.stringify(obj);
    serialized.set(obj, json);
  }
  return json;
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
    const objectJson = transformed ? JSON.stringify(opts.transform!(event.object, event.type)) : serializedObject(event.object);
    res.write(`{"type":"${event.type}","object":${objectJson}}\n`);
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
