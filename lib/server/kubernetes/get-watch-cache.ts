import "server-only";
import { getEnv } from "@/lib/server/env";
import { ApiError } from "@/lib/server/http/api-error";
import { getKubeConfig } from "./kube-config";
import { createWatchCache, type WatchCache } from "./watch-cache";

// One watch cache per server process (DESIGN.md § Data flow). It lives on globalThis because Next may load this
// module more than once in one process (route bundles, instrumentation), and two caches would double the watches.

const KEY = Symbol.for("apiary.watchCache");
type Holder = { [KEY]?: WatchCache };
const holder = globalThis as Holder;

/** The process's watch cache, started on first use (boot-server starts it at once so it is warm). */
export function getWatchCache(): WatchCache {
  return (holder[KEY] ??= createWatchCache(getKubeConfig(), { maxEventsPerNamespace: getEnv().APIARY_WATCH_CACHE_EVENTS_PER_NAMESPACE }));
}

/** The process's watch cache if one was started, without starting it (operators' metrics). */
export function peekWatchCache(): WatchCache | undefined {
  return holder[KEY];
}

/**
 * The process's watch cache once it has listed every kind; until then a 503 with Retry-After, because an answer
 * from a half-loaded cache would show a tenant's workloads as missing.
 */
export function getSyncedWatchCacheOrThrow(): WatchCache {
  const cache = getWatchCache();
  if (!cache.isSynced()) {
    throw new ApiError("unavailable", "The cluster view is loading; try again in a few seconds.", undefined, { "Retry-After": "2" });
  }
  return cache;
}

/** Tests hand in their own cache (over a simulated cluster); `undefined` forgets it without stopping it. */
export function setWatchCacheForTests(cache: WatchCache | undefined): void {
  holder[KEY] = cache;
}

/** Stops the process's cache, if one was started (SIGTERM, tests). */
export async function stopWatchCache(): Promise<void> {
  const cache = holder[KEY];
  holder[KEY] = undefined;
  await cache?.stop();
}
