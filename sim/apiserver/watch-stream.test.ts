import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { KObject, ServedClusterApi, WatchEvent } from "../core/types";
import { serveWatch } from "./watch-stream";

// A fake API whose watch hands its event sink to the test, so framing is tested apart from the store.
function fakeApi() {
  const state = { emit: (_e: WatchEvent) => {}, stopped: 0 };
  const api = {
    watch(_resource: string, _opts: unknown, onEvent: (e: WatchEvent) => void) {
      state.emit = onEvent;
      return { stop: () => state.stopped++ };
    },
  } as unknown as ServedClusterApi;
  return { api, state };
}

const cm = (name: string): KObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, resourceVersion: "7" } });
let server: Server | undefined;

afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

async function open(handler: Parameters<typeof createServer>[1]) {
  server = createServer(handler);
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  return { res, reader: res.body!.getReader() };
}

async function readAll(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  let text = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return text;
    text += new TextDecoder().decode(value);
  }
}

describe("serveWatch", () => {
  it("flushes headers at once and writes one JSON object per line", async () => {
    const { api, state } = fakeApi();
    let end: () => void = () => {};
    const { res, reader } = await open((_req, response) => {
      end = serveWatch(api, response, { resource: "configmaps", watch: {} }, () => {});
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    state.emit({ type: "ADDED", object: cm("a") });
    state.emit({ type: "DELETED", object: cm("a"), old: cm("a") });
    end();
    const text = await readAll(reader);
    expect(text).toBe(`${JSON.stringify({ type: "ADDED", object: cm("a") })}\n${JSON.stringify({ type: "DELETED", object: cm("a") })}\n`);
    expect(state.stopped).toBe(1);
  });

  it("transforms objects but not ERROR events, and ends the stream after an ERROR", async () => {
    const { api, state } = fakeApi();
    const { reader } = await open((_req, response) => {
      serveWatch(api, response, { resource: "configmaps", watch: {}, transform: (o) => ({ kind: "Table", apiVersion: "meta.k8s.io/v1", metadata: {}, rows: [{ cells: [o.metadata.name] }] }) }, () => {});
    });
    state.emit({ type: "MODIFIED", object: cm("b") });
    const expired = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "too old resource version: 1 (7)", reason: "Expired", code: 410 };
    state.emit({ type: "ERROR", object: expired });
    const events = (await readAll(reader)).trim().split("\n").map((l) => JSON.parse(l));
    expect(events[0]).toEqual({ type: "MODIFIED", object: { kind: "Table", apiVersion: "meta.k8s.io/v1", metadata: {}, rows: [{ cells: ["b"] }] } });
    expect(events[1]).toEqual({ type: "ERROR", object: expired });
    expect(state.stopped).toBe(1);
  });

  it("stops the underlying watch when the client goes away", async () => {
    const { api, state } = fakeApi();
    let ended = false;
    const { reader } = await open((_req, response) => {
      serveWatch(api, response, { resource: "configmaps", watch: {} }, () => (ended = true));
    });
    await reader.cancel();
    for (let i = 0; i < 50 && !ended; i++) await new Promise((r) => setTimeout(r, 10));
    expect(ended).toBe(true);
    expect(state.stopped).toBe(1);
  });
});
