import { EventEmitter } from "node:events";
import { createServer, type Server, type ServerResponse } from "node:http";
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

// A response that records each write, to see how events are grouped into writes.
function recordingResponse() {
  const writes: string[] = [];
  const res = Object.assign(new EventEmitter(), {
    writableEnded: false,
    destroyed: false,
    writeHead: () => res,
    flushHeaders: () => {},
    write: (chunk: Buffer | string) => writes.push(chunk.toString()) > 0,
    end: () => {
      res.writableEnded = true;
    },
  });
  return { res: res as unknown as ServerResponse, writes };
}

const nextTurn = () => new Promise((r) => setImmediate(r));

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

  it("writes the events of one turn of the event loop to a watcher in one write, in order", async () => {
    const { api, state } = fakeApi();
    const { res, writes } = recordingResponse();
    serveWatch(api, res, { resource: "configmaps", watch: {} }, () => {});
    state.emit({ type: "ADDED", object: cm("a") });
    state.emit({ type: "ADDED", object: cm("b") });
    state.emit({ type: "MODIFIED", object: cm("a") });
    expect(writes).toEqual([]);
    await nextTurn();
    const lines = [["ADDED", "a"], ["ADDED", "b"], ["MODIFIED", "a"]].map(([type, name]) => `${JSON.stringify({ type, object: cm(name) })}\n`);
    expect(writes).toEqual([lines.join("")]);
    state.emit({ type: "DELETED", object: cm("b") });
    await nextTurn();
    expect(writes).toHaveLength(2);
    expect(writes[1]).toBe(`${JSON.stringify({ type: "DELETED", object: cm("b") })}\n`);
  });

  it("gives every watcher of an object the same line, whatever the other watchers' streams hold", async () => {
    const { api, state } = fakeApi();
    const first = recordingResponse();
    const second = recordingResponse();
    serveWatch(api, first.res, { resource: "configmaps", watch: {} }, () => {});
    const toFirst = state.emit;
    serveWatch(api, second.res, { resource: "configmaps", watch: {} }, () => {});
    const toSecond = state.emit;
    const shared = cm("shared");
    toFirst({ type: "ADDED", object: cm("only-first") });
    toFirst({ type: "ADDED", object: shared });
    toSecond({ type: "ADDED", object: shared });
    await nextTurn();
    const line = `${JSON.stringify({ type: "ADDED", object: shared })}\n`;
    expect(first.writes).toEqual([`${JSON.stringify({ type: "ADDED", object: cm("only-first") })}\n${line}`]);
    expect(second.writes).toEqual([line]);
  });

  it("writes what is still waiting before it ends the stream, and nothing after", async () => {
    const { api, state } = fakeApi();
    const { res, writes } = recordingResponse();
    const end = serveWatch(api, res, { resource: "configmaps", watch: {} }, () => {});
    state.emit({ type: "ADDED", object: cm("a") });
    end();
    expect(writes).toEqual([`${JSON.stringify({ type: "ADDED", object: cm("a") })}\n`]);
    expect(res.writableEnded).toBe(true);
    state.emit({ type: "ADDED", object: cm("b") });
    await nextTurn();
    expect(writes).toHaveLength(1);
  });

  it("drops what is waiting for a client that has gone", async () => {
    const { api, state } = fakeApi();
    const { res, writes } = recordingResponse();
    let ended = false;
    serveWatch(api, res, { resource: "configmaps", watch: {} }, () => (ended = true));
    state.emit({ type: "ADDED", object: cm("a") });
    (res as unknown as { destroyed: boolean }).destroyed = true;
    res.emit("close");
    await nextTurn();
    expect(ended).toBe(true);
    expect(writes).toEqual([]);
    expect(state.stopped).toBe(1);
  });
});
