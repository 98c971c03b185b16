import { createServer, request, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { readBodyBytes } from "./http-response";

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

/** Starts a server that hands each request to `onRequest` and answers 204; resolves to its port. */
async function serve(onRequest: (req: IncomingMessage) => Promise<void>): Promise<number> {
  server = createServer((req, res) => {
    onRequest(req).finally(() => {
      if (!res.destroyed) res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return (server.address() as AddressInfo).port;
}

/** Sends `parts` as one chunked body, a turn of the event loop apart; `abort` tears the request down after them. */
function send(port: number, parts: string[], abort = false): Promise<void> {
  return new Promise((resolve) => {
    const req = request({ port, host: "127.0.0.1", method: "POST", headers: { "content-type": "application/json" } });
    req.on("response", (res) => res.resume().on("end", resolve));
    req.on("error", () => resolve());
    req.flushHeaders();
    const next = (i: number) => {
      if (i < parts.length) {
        req.write(parts[i]);
        setTimeout(() => next(i + 1), 10);
      } else if (abort) req.destroy();
      else req.end();
    };
    next(0);
  });
}

describe("readBodyBytes", () => {
  it("returns the whole body, however many chunks it arrived in", async () => {
    const bodies: string[] = [];
    const port = await serve(async (req) => {
      bodies.push((await readBodyBytes(req)).toString("utf8"));
    });
    await send(port, ['{"kind":', '"ConfigMap",', '"data":{"k":"é"}}']);
    await send(port, []);
    expect(bodies).toEqual(['{"kind":"ConfigMap","data":{"k":"é"}}', ""]);
  });

  it("refuses a body over the limit with 413", async () => {
    let failure: unknown;
    const port = await serve(async (req) => {
      await readBodyBytes(req, 8).catch((err) => (failure = err));
    });
    await send(port, ["12345", "67890"]);
    expect(failure).toMatchObject({ code: 413, reason: "RequestEntityTooLarge" });
  });

  it("rejects when the client goes away before the end of the body", async () => {
    let settled: (outcome: string) => void = () => {};
    const outcome = new Promise<string>((r) => (settled = r));
    const port = await serve(async (req) => {
      await readBodyBytes(req).then(
        () => settled("resolved"),
        () => settled("rejected"),
      );
    });
    await send(port, ['{"kind":'], true);
    expect(await outcome).toBe("rejected");
  });
});
