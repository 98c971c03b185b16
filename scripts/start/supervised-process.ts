import { spawn, type ChildProcess } from "node:child_process";

export interface Supervised {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code when the process ends, whoever ended it. */
  exited: Promise<number>;
  stop(graceMs?: number): Promise<void>;
}

/** Environment for children: without the parent's Node flags (the start script's react-server condition). */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.NODE_OPTIONS;
  return env;
}

/**
 * Starts a child whose output is shown with a name prefix, and which can be stopped with SIGTERM, then SIGKILL
 * after the grace period. `readyLine` resolves `ready` when the child prints a matching line.
 */
export function startSupervised(
  name: string,
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; quiet?: boolean },
): Supervised {
  const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"], detached: false });
  const prefix = `[${name}] `;
  const forward = (stream: NodeJS.WritableStream) => (chunk: Buffer) => {
    if (options.quiet) return;
    const text = chunk.toString();
    stream.write(text.replace(/^(?=.)/gm, prefix));
  };
  child.stdout?.on("data", forward(process.stdout));
  child.stderr?.on("data", forward(process.stderr));
  const exited = new Promise<number>((resolve) => {
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    child.on("error", (error) => {
      process.stderr.write(`${prefix}could not start ${command}: ${error.message}\n`);
      resolve(127);
    });
  });
  return {
    name,
    child,
    exited,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Waits until the child prints a line matching `pattern`, or fails if it exits first or time runs out. */
export function waitForLine(process: Supervised, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split("\n").find((l) => pattern.test(l));
      if (line) finish(() => resolve(line));
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`${process.name} did not become ready within ${timeoutMs / 1000} s`))), timeoutMs);
    const finish = (then: () => void) => {
      clearTimeout(timer);
      process.child.stdout?.off("data", onData);
      process.child.stderr?.off("data", onData);
      then();
    };
    process.child.stdout?.on("data", onData);
    process.child.stderr?.on("data", onData);
    process.exited.then((code) => finish(() => reject(new Error(`${process.name} exited with code ${code} before it was ready`))));
  });
}

/** Polls an HTTP URL until it answers with one of `statuses`. */
export async function waitForHttp(url: string, statuses: number[], timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`the process serving ${url} exited`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (statuses.includes(response.status)) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}
