// A real server process for the graceful-shutdown test: Node's HTTP server with the stop-signal handler Next's
// standalone server installs (stop accepting, wait for open requests, exit 143), plus Apiary's shutdown module as
// boot-server installs it, an SSE route wrapped like the tenant event stream, and a "lease" task. Run with
// `tsx -C react-server`; prints "listening <port>", then what its shutdown tasks did.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { endStreamOnShutdown } from "@/lib/server/shutdown/end-stream-on-shutdown";
import { installGracefulShutdown, onShutdown } from "@/lib/server/shutdown/graceful-shutdown";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const server = http.createServer(async (request, response) => {
  if (request.url === "/slow") {
    console.log("slow request started");
    await sleep(1_500);
    response.end("finished");
    return;
  }
  if (request.url === "/hang") {
    console.log("hanging request started"); // never answered: only the grace period ends it
    return;
  }
  if (request.url === "/events") {
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("retry: 2000\n\n"));
      },
      cancel() {
        console.log("event source stopped");
      },
    });
    const stream = endStreamOnShutdown(new Response(source, { headers: { "content-type": "text/event-stream" } }));
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    response.flushHeaders();
    const reader = stream.body!.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) response.write(next.value);
    response.end();
    return;
  }
  response.writeHead(404).end();
});

// Next's start-server: on SIGTERM, close the server (it waits for requests in flight), then exit with 143.
process.on("SIGTERM", () => server.close(() => process.exit(143)));
installGracefulShutdown({ graceMs: Number(process.env.GRACE_MS ?? 20_000) });
onShutdown("lease", async () => {
  await sleep(Number(process.env.LEASE_RELEASE_MS ?? 100));
  console.log("lease released");
});

server.listen(0, "127.0.0.1", () => console.log(`listening ${(server.address() as AddressInfo).port}`));
