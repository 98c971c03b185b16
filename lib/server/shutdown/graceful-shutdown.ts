import "server-only";
import { logger } from "@/lib/server/logger";

// One graceful stop for the whole server process (SIGTERM from Kubernetes or a supervisor, Ctrl-C). On the first
// signal the process starts draining: readiness answers 503 so load balancers stop sending work, every registered
// task runs at once — live SSE streams tell their clients to reconnect (to another replica) and end, the metrics
// collector and the billing meter write what they hold and release their leases so a standby takes over at its next
// tick — while requests already in flight finish (Next's own handler of the signal closes the HTTP server, which
// waits for them, then exits). Whatever is still running when the grace period ends is cut: the process exits with
// the signal's code, before the supervisor's SIGKILL. When nothing else handles the signal (no Next, tests), this
// module exits itself once its tasks are done, as Node would have without a listener. Next's handler exits as soon
// as its server has closed, which with nothing in flight is at once: that exit is held until the tasks are done
// (a lease released), still bounded by the grace period.

const SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;
export type ShutdownSignal = keyof typeof SIGNALS;

export interface ShutdownProcess {
  once(signal: ShutdownSignal, listener: () => void): unknown;
  listenerCount(signal: ShutdownSignal): number;
  exit(code: number): void;
}

export interface ShutdownTask {
  name: string;
  run: () => Promise<void> | void;
}

interface ShutdownState {
  tasks: Set<ShutdownTask>;
  draining: Promise<void> | undefined;
  installedOn: WeakSet<object>;
}

// On globalThis: Next loads server modules once for instrumentation and again for route handlers, and a stream
// opened by a route must be found by the signal handler installed at boot.
const KEY = Symbol.for("apiary.shutdown");
const holder = globalThis as { [KEY]?: ShutdownState };

function state(): ShutdownState {
  return (holder[KEY] ??= { tasks: new Set(), draining: undefined, installedOn: new WeakSet() });
}

/** Registers work to do when the server stops; returns a function that unregisters it (a stream that ended). */
export function onShutdown(name: string, run: ShutdownTask["run"]): () => void {
  const task: ShutdownTask = { name, run };
  const { tasks, draining } = state();
  // Registered while already draining (a stream opened in the last moment): run it at once.
  if (draining) {
    void Promise.resolve().then(run).catch((error) => logger().warn({ err: error, task: name }, "shutdown task failed"));
    return () => {};
  }
  tasks.add(task);
  return () => void tasks.delete(task);
}

/** True from the first stop signal on: readiness answers 503 and new streams are sent straight to another replica. */
export function isShuttingDown(): boolean {
  return state().draining !== undefined;
}

/** Runs every registered task once, in parallel; a failing task is logged and does not stop the others. */
export function drain(): Promise<void> {
  const current = state();
  current.draining ??= (async () => {
    const tasks = [...current.tasks];
    current.tasks.clear();
    const started = performance.now();
    const results = await Promise.allSettled(tasks.map(async (task) => task.run()));
    results.forEach((result, index) => {
      if (result.status === "rejected") logger().warn({ err: result.reason, task: tasks[index].name }, "shutdown task failed");
    });
    logger().info({ tasks: tasks.length, durationMs: Math.round(performance.now() - started) }, "shutdown tasks done");
  })();
  return current.draining;
}

export interface GracefulShutdownOptions {
  /** How long in-flight work may take before the process exits anyway (below the supervisor's kill timeout). */
  graceMs: number;
  target?: ShutdownProcess;
}

/** Installs the stop-signal handlers once per process (boot-server). */
export function installGracefulShutdown({ graceMs, target = process }: GracefulShutdownOptions): void {
  const { installedOn } = state();
  if (installedOn.has(target)) return;
  installedOn.add(target);
  let handled = false;
  for (const [signal, code] of Object.entries(SIGNALS) as [ShutdownSignal, number][]) {
    target.once(signal, () => {
      // Checked before anything else runs: Next's handler, when present, owns the exit.
      const alone = target.listenerCount(signal) === 0;
      if (handled) return;
      handled = true;
      logger().info({ signal, graceMs }, "stopping: draining requests and streams, releasing leases");
      const exit = target.exit.bind(target);
      const drained = drain();
      // Unref'd: a process with nothing left to do exits by itself rather than wait out the grace period.
      setTimeout(() => {
        logger().warn({ graceMs }, "grace period over: exiting with work still in flight");
        exit(code);
      }, graceMs).unref();
      target.exit = (exitCode: number) => void drained.finally(() => exit(exitCode));
      void drained.finally(() => {
        if (alone) exit(code);
      });
    });
  }
}

/** Tests start from a process that is not stopping, with no tasks. */
export function resetShutdownForTests(): void {
  holder[KEY] = undefined;
}
