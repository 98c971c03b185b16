import { execFileSync } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AnswerTimeout, ScrapeConnectionPool, type BodySink, type PoolTarget } from "./scrape-connection-pool";

// The scrapes' HTTP/1.1 client against real TLS servers: node's own https server for its framing, and a raw TLS
// server that writes exactly the bytes a test gives it, split where the test says.

let key: string;
let cert: string;

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apiary-pool-test-"));
  try {
    execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"), "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], { stdio: "ignore" });
    key = fs.readFileSync(path.join(dir, "key.pem"), "utf8");
    cert = fs.readFileSync(path.join(dir, "cert.pem"), "utf8");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function targetOf(server: { address(): AddressInfo | string | null }): PoolTarget {
  return { protocol: "https:", host: "127.0.0.1", port: (server.address() as AddressInfo).port, tls: { ca: cert } };
}

async function listen<T extends tls.Server>(server: T): Promise<T> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  );
  return server;
}

/** A raw TLS server: each request head it reads is answered by `respond(socket, index)`; counts connections. */
async function rawServer(respond: (socket: tls.TLSSocket, request: number, connectionRequest: number) => void) {
  const sockets = new Set<tls.TLSSocket>();
  let requests = 0;
  const server = tls.createServer({ key, cert }, (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let pending = "";
    let served = 0;
    socket.on("data", (data) => {
      pending += data.toString("latin1");
      let end: number;
      while ((end = pending.indexOf("\r\n\r\n")) >= 0) {
        pending = pending.slice(end + 4);
        respond(socket, requests++, served++);
      }
    });
  });
  await listen(server);
  const stats = { connections: 0 };
  server.on("secureConnection", () => stats.connections++);
  closers.unshift(async () => {
    for (const socket of sockets) socket.destroy();
  });
  return { server, stats, target: targetOf(server) };
}

/** Collects a body, copying each piece (the pool's buffer is reused once push returns). */
function collector(): { sinkFor: (status: number) => BodySink; body: () => string; status: () => number } {
  const pieces: Buffer[] = [];
  let seen = 0;
  return {
    sinkFor: (status) => {
      seen = status;
      return { push: (chunk) => void pieces.push(Buffer.from(chunk)) };
    },
    body: () => Buffer.concat(pieces).toString("utf8"),
    status: () => seen,
  };
}

const pools: ScrapeConnectionPool[] = [];
function newPool(maxIdle = 4, idleMs = 60_000): ScrapeConnectionPool {
  const pool = new ScrapeConnectionPool(maxIdle, idleMs);
  pools.push(pool);
  return pool;
}
afterAll(() => pools.forEach((pool) => pool.destroy()));

describe("scrape connection pool", () => {
  it("reads Content-Length and chunked bodies from node's https server, on one kept-alive connection", async () => {
    const big = Array.from({ length: 40_000 }, (_, i) => `line ${i} ünïcödé\n`).join("");
    let connections = 0;
    const server = await listen(
      https.createServer({ key, cert }, (req, res) => {
        if (req.url === "/length") {
          res.writeHead(200, { "Content-Length": Buffer.byteLength(big) });
          res.end(big);
        } else {
          res.writeHead(200, { "Content-Type": "text/plain" }); // no length: node sends it chunked
          for (let i = 0; i < big.length; i += 7_777) res.write(big.slice(i, i + 7_777));
          res.end();
        }
      }),
    );
    server.on("secureConnection", () => connections++);
    const pool = newPool();
    for (const url of ["/length", "/chunked", "/length", "/chunked"]) {
      const body = collector();
      const result = await pool.get(targetOf(server), url, { Accept: "text/plain" }, body.sinkFor, 10_000);
      expect(result.status).toBe(200);
      expect(body.body()).toBe(big);
    }
    expect(connections).toBe(1);
  });

  it("reads a response split at every byte boundary, in two and in three pieces", async () => {
    const response = Buffer.from(
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n" + "5;ext=1\r\nhello\r\n" + "A\r\n, chunked \r\n" + "6\r\nworld!\r\n" + "0\r\nX-Trailer: yes\r\n\r\n",
      "latin1",
    );
    const expected = "hello, chunked world!";
    const length = Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\nhello, length", "latin1");
    let answer = response;
    let splits: number[] = [];
    const { stats, target } = await rawServer((socket) => {
      const bounds = [0, ...splits, answer.length];
      // Each piece written on its own turn of the event loop, so the client reads it on its own.
      const write = (i: number) => {
        if (i >= bounds.length - 1) return;
        socket.write(answer.subarray(bounds[i], bounds[i + 1]));
        setImmediate(() => write(i + 1));
      };
      write(0);
    });
    const pool = newPool();
    for (const [bytes, text] of [
      [response, expected],
      [length, "hello, length"],
    ] as const) {
      answer = bytes;
      for (let at = 1; at < bytes.length; at++) {
        splits = [at];
        const body = collector();
        expect((await pool.get(target, "/", {}, body.sinkFor, 10_000)).status).toBe(200);
        expect(body.body(), `split at ${at}`).toBe(text);
      }
      for (let at = 1; at + 7 < bytes.length; at += 5) {
        splits = [at, at + 7];
        const body = collector();
        await pool.get(target, "/", {}, body.sinkFor, 10_000);
        expect(body.body(), `split at ${at} and ${at + 7}`).toBe(text);
      }
    }
    expect(stats.connections).toBe(1);
  });

  it("hands a non-200 answer's body to the sink for that status and keeps the connection", async () => {
    const { stats, target } = await rawServer((socket, request) => {
      if (request === 0) socket.write('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 17\r\n\r\n{"reason":"down"}');
      else socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    });
    const pool = newPool();
    const failed = collector();
    expect((await pool.get(target, "/", {}, failed.sinkFor, 10_000)).status).toBe(503);
    expect(failed.status()).toBe(503);
    expect(failed.body()).toBe('{"reason":"down"}');
    const ok = collector();
    expect((await pool.get(target, "/", {}, ok.sinkFor, 10_000)).status).toBe(200);
    expect(ok.body()).toBe("ok");
    expect(stats.connections).toBe(1);
  });

  it("sends the request line, Host and the given headers", async () => {
    let seen = "";
    const server = await listen(
      https.createServer({ key, cert }, (req, res) => {
        seen = `${req.method} ${req.url} ${req.headers.host} ${req.headers.authorization} ${req.headers.accept}`;
        res.end("x");
      }),
    );
    const target = targetOf(server);
    await newPool().get(target, "/api/v1/nodes/n%201/proxy/metrics/cadvisor", { Authorization: "Bearer t0k", Accept: "text/plain" }, collector().sinkFor, 10_000);
    expect(seen).toBe(`GET /api/v1/nodes/n%201/proxy/metrics/cadvisor 127.0.0.1:${target.port} Bearer t0k text/plain`);
  });

  it("gives up on a server that does not answer within the time, and does not retry it", async () => {
    const { stats, target } = await rawServer((socket, request) => {
      if (request === 0) socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
      // later requests: a head, then silence
      else socket.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial");
    });
    const pool = newPool();
    await pool.get(target, "/", {}, collector().sinkFor, 10_000);
    await expect(pool.get(target, "/", {}, collector().sinkFor, 200)).rejects.toBeInstanceOf(AnswerTimeout);
    expect(stats.connections).toBe(1);
    // The timed-out connection is gone; the next request opens a new one.
    await expect(pool.get(target, "/", {}, collector().sinkFor, 200)).rejects.toBeInstanceOf(AnswerTimeout);
    expect(stats.connections).toBe(2);
  });

  it("retries once, on a new connection, a request on a kept-alive connection the server closed", async () => {
    const { stats, target } = await rawServer((socket, _request, onConnection) => {
      // Every connection serves one request, then closes when asked for a second one without answering it.
      if (onConnection === 0) socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
      else socket.destroy();
    });
    const pool = newPool();
    for (let i = 0; i < 3; i++) {
      const body = collector();
      await pool.get(target, "/", {}, body.sinkFor, 10_000);
      expect(body.body()).toBe("ok");
    }
    expect(stats.connections).toBe(3);
  });

  it("opens a new connection when the server closed an idle one", async () => {
    let closed!: Promise<void>;
    const server = await listen(
      https.createServer({ key, cert }, (req, res) => {
        // The server ends the connection once it sits idle after the answer, as kube-apiserver does after its idle time.
        closed = new Promise((resolve) => req.socket.once("close", () => resolve()));
        res.on("finish", () => setTimeout(() => req.socket.end(), 20));
        res.end("fine");
      }),
    );
    let connections = 0;
    server.on("secureConnection", () => connections++);
    const pool = newPool();
    const first = collector();
    await pool.get(targetOf(server), "/", {}, first.sinkFor, 10_000);
    await closed;
    const second = collector();
    await pool.get(targetOf(server), "/", {}, second.sinkFor, 10_000);
    expect([first.body(), second.body(), connections]).toEqual(["fine", "fine", 2]);
  });

  it("fails a fresh connection's request that the server cuts short, naming why", async () => {
    const { target } = await rawServer((socket) => {
      socket.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort");
      socket.end();
    });
    await expect(newPool().get(target, "/", {}, collector().sinkFor, 10_000)).rejects.toThrow(/closed before the response ended/);
  });

  it("refuses a server whose certificate the CA does not vouch for", async () => {
    const { target } = await rawServer(() => {});
    await expect(newPool().get({ ...target, tls: {} }, "/", {}, collector().sinkFor, 10_000)).rejects.toThrow(/certificate/);
  });

  it("refuses a malformed response", async () => {
    const { target } = await rawServer((socket) => socket.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"));
    await expect(newPool().get(target, "/", {}, collector().sinkFor, 10_000)).rejects.toThrow(/chunk size/);
  });
});
