import type { Clock } from "../core/types";

// A de-duplicating work queue in the spirit of client-go's workqueue. `subscribe` handlers run synchronously
// inside the API call that caused the change, so controllers only note the key there and do the work on a
// later turn of the event loop: no re-entrant writes, and a burst of events for one object costs one sync.

export interface KeyedWorkQueue {
  add(key: string): void;
  /** Re-queues `key` after `ms` simulated milliseconds (periodic re-checks, waiting on something else). A key
   *  that already has a delayed add pending keeps that one, so repeated re-checks never pile up timers. */
  addAfter(key: string, ms: number): void;
  stop(): void;
}

export interface KeyedWorkQueueOptions {
  /** Keys handled per event-loop turn, so a 30,000-object resync does not starve the HTTP server. */
  batchSize?: number;
  /** First retry delay after a failed sync (simulated ms); doubles per failure up to 30 s. */
  retryDelayMs?: number;
  maxRetries?: number;
}

export function createKeyedWorkQueue(clock: Clock, sync: (key: string) => void, opts: KeyedWorkQueueOptions = {}): KeyedWorkQueue {
  const batchSize = opts.batchSize ?? 500;
  const retryDelayMs = opts.retryDelayMs ?? 500;
  const maxRetries = opts.maxRetries ?? 15;
  const pending = new Set<string>();
  const failures = new Map<string, number>();
  const timers = new Map<string, { cancel(): void }>();
  let scheduled = false;
  let stopped = false;

  function schedule() {
    if (scheduled || stopped) return;
    scheduled = true;
    setImmediate(flush);
  }

  function flush() {
    scheduled = false;
    if (stopped) return;
    let handled = 0;
    for (const key of pending) {
      if (handled++ >= batchSize) break;
      pending.delete(key);
      try {
        sync(key);
        failures.delete(key);
      } catch (err) {
        const count = (failures.get(key) ?? 0) + 1;
        if (count > maxRetries) {
          failures.delete(key);
          console.warn(`[sim] giving up on ${key}: ${(err as Error).message}`);
          continue;
        }
        failures.set(key, count);
        queue.addAfter(key, Math.min(30_000, retryDelayMs * 2 ** (count - 1)));
      }
    }
    if (pending.size > 0) schedule();
  }

  const queue: KeyedWorkQueue = {
    add(key) {
      if (stopped) return;
      pending.add(key);
      schedule();
    },
    addAfter(key, ms) {
      if (stopped || timers.has(key)) return;
      const timer = clock.setTimeout(() => {
        timers.delete(key);
        queue.add(key);
      }, ms);
      timers.set(key, timer);
    },
    stop() {
      stopped = true;
      pending.clear();
      for (const timer of timers.values()) timer.cancel();
      timers.clear();
    },
  };
  return queue;
}
