import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { afterEach, describe, expect, it, vi } from "vitest";
import { RECONNECT_FRAME } from "./end-stream-on-shutdown";

// SIGTERM to a real server process (scripts/test-support/graceful-shutdown-server.ts, which handles the signal as
// Next's standalone server does): the request in flight finishes, the SSE client is told to reconnect and its stream
// ends, the shutdown tasks run (lease released), and the process exits 143; a request that never finishes does not
// keep it past the grace period.

const children = new Set<ChildProcess>();
afterEach(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  children.clear();
});

async function startServer(graceMs: number, leaseReleaseMs = 100) {
  const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "-C", "react-server", "scripts/test-support/graceful-shutdown-server.ts"], {
    env: { ...process.env, GRACE_MS: String(graceMs), LEASE_RELEASE_MS: String(leaseReleaseMs), NODE_ENV: "test" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let output = "";
  child.stdout!.on("data", (data) => (output += String(data)));
  child.stderr!.on("data", (data) => (output += String(data)));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const check = () => {
      const match = /listening (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    };
    child.stdout!.on("data", check);
    child.on("exit", () => reject(new Error(`the server exited before listening:\n${output}`)));
  });
  return { child, port, exited, output: () => output };
}

/** A GET kept as a raw stream, so an SSE body is read as it arrives and a cut connection is seen as such. */
function get(port: number, path: string) {
  let body = "";
  let gotFirstChunk = () => {};
  const firstChunk = new Promise<void>((resolve) => (gotFirstChunk = resolve));
  const done = new Promise<{ status: number; body: string } | { error: string }>((resolve) => {
    const request = http.get({ host: "127.0.0.1", port, path, agent: false }, (response) => {
      response.on("data", (chunk) => {
        body += String(chunk);
        gotFirstChunk();
      });
      response.on("end", () => resolve({ status: response.statusCode!, body }));
      response.on("error", (error) => resolve({ error: error.message }));
    });
    request.on("error", (error) => resolve({ error: error.message }));
  });
  return { firstChunk, done: () => done };
}

describe("SIGTERM to a server process", () => {
  it("lets the request in flight finish, sends SSE clients to reconnect, releases the lease and exits 143", async () => {
    const server = await startServer(20_000);
    const events = get(server.port, "/events");
    await events.firstChunk;
    const slow = get(server.port, "/slow");
    await vi.waitFor(() => expect(server.output()).toMatch(/slow request started/));
    server.child.kill("SIGTERM");

    expect(await slow.done()).toEqual({ status: 200, body: "finished" });
    expect(await events.done()).toEqual({ status: 200, body: `retry: 2000\n\n${RECONNECT_FRAME}` });
    expect(await server.exited).toBe(143);
    expect(server.output()).toMatch(/lease released/);
    expect(server.output()).toMatch(/event source stopped/);
  });

  it("waits for the lease to be released even when Next's handler, with nothing in flight, exits at once", async () => {
    const server = await startServer(20_000, 1_000);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(143);
    expect(server.output()).toMatch(/lease released/);
  });

  it("exits with 143 when the grace period ends with a request still in flight", async () => {
    const server = await startServer(1_000);
    const hanging = get(server.port, "/hang");
    await vi.waitFor(() => expect(server.output()).toMatch(/hanging request started/));
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(143);
    expect(await hanging.done()).toMatchObject({ error: expect.stringMatching(/socket hang up|ECONNRESET/) });
    expect(server.output()).toMatch(/lease released/);
  });
});
