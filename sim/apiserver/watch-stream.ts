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
    const object = opts.transform && event.type !== "ERROR" && event.type !== "BOOKMARK" ? opts.transform(event.object, event.type) : event.object;
    res.write(`${JSON.stringify({ type: event.type, object })}\n`);
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
