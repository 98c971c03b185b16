import "server-only";
import { onShutdown } from "./graceful-shutdown";

/**
 * What a Server-Sent Events client is sent when this server stops: reconnect in a second, then the stream ends.
 * EventSource reconnects by itself when a stream ends, with Last-Event-ID, and reaches another replica (which
 * replays what was missed or sends a resync notice). `onmessage` ignores the named event; it tells people and
 * proxies reading the stream why it ended.
 */
export const RECONNECT_FRAME = `retry: 1000\nevent: reconnect\ndata: ${JSON.stringify({ reason: "server_stopping" })}\n\n`;

/**
 * Passes a streaming response through unchanged until the server stops, then sends RECONNECT_FRAME and ends it (the
 * source stream is cancelled, so it stops its own listeners). Without this an SSE stream never ends, and the HTTP
 * server, which waits for open requests before the process exits, would wait out the whole grace period.
 */
export function endStreamOnShutdown(response: Response): Response {
  const source = response.body;
  if (!source) return response;
  const reader = source.getReader();
  const encoder = new TextEncoder();
  let open = true;
  let unregister = () => {};
  const finish = (controller: ReadableStreamDefaultController<Uint8Array>, farewell: boolean) => {
    if (!open) return;
    open = false;
    unregister();
    if (farewell) controller.enqueue(encoder.encode(RECONNECT_FRAME));
    controller.close();
    reader.cancel().catch(() => {});
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      // Registered while already stopping, the task runs at once: the client is sent on before any data.
      unregister = onShutdown("event stream", () => finish(controller, true));
    },
    // One chunk per pull keeps the source's backpressure: a slow client still fills the source's own queue.
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (!open) return;
        if (done) finish(controller, false);
        else controller.enqueue(value);
      } catch (error) {
        if (!open) return;
        open = false;
        unregister();
        controller.error(error);
      }
    },
    cancel(reason) {
      open = false;
      unregister();
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
