import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { getEnv } from "@/lib/server/env";
import { logger } from "@/lib/server/logger";
import { getRedis, getRedisSubscriber } from "./redis-client";

// Notifications that start in one server process and matter to every replica: a tenant's balance moved (the
// replica holding the billing meter lifts a suspension at once; every replica tells its SSE clients), and access
// was narrowed (every replica forgets what it remembered about sessions, keys and roles). Listeners of this process
// hear an event at once and synchronously; with REDIS_URL set it is also published on one Redis channel, and every
// other replica hears it from there. Redis pub/sub delivers at most once: while Redis is down the other replicas
// miss events, and fall back on what they do anyway (the meter's next tick, a client's next refetch, the access
// memo's 5 s lifetime). Without REDIS_URL everything stays in this process, as with one replica.

export const CLUSTER_EVENTS_CHANNEL = "apiary:cluster-events";

export type ClusterEventTopic = "balance-changed" | "access-narrowed";
type Listener = (payload: string) => void;

const Message = z.object({ origin: z.string(), topic: z.enum(["balance-changed", "access-narrowed"]), payload: z.string() });

interface Bus {
  /** This process, so it ignores its own messages coming back from Redis (it heard them at once). */
  origin: string;
  listeners: Map<ClusterEventTopic, Set<Listener>>;
  subscribed: boolean;
  lastPublishErrorLogMs: number;
}

// On globalThis: Next loads server modules once for the instrumentation (the meter) and once for the routes (a
// top-up, an SSE stream), and an event from either copy must reach the listeners of both.
const KEY = Symbol.for("apiary.clusterEvents");
const bus: Bus = ((globalThis as { [KEY]?: Bus })[KEY] ??= { origin: randomUUID(), listeners: new Map(), subscribed: false, lastPublishErrorLogMs: 0 });

function dispatch(topic: ClusterEventTopic, payload: string): void {
  for (const listener of bus.listeners.get(topic) ?? []) {
    try {
      listener(payload);
    } catch (error) {
      logger().warn({ err: error, topic }, "a cluster event listener failed");
    }
  }
}

function subscribeOnce(): void {
  // Checked before getEnv(): the access memo registers at import, and a test's later change of process.env must
  // still be read by its first getEnv().
  if (bus.subscribed || !process.env.REDIS_URL) return;
  let redisUrl: string | undefined;
  try {
    redisUrl = getEnv().REDIS_URL;
  } catch {
    return; // a wrong configuration stops the server at boot; nothing to subscribe to meanwhile
  }
  if (!redisUrl) return;
  const subscriber = getRedisSubscriber();
  if (!subscriber) return;
  bus.subscribed = true;
  subscriber.on("message", (channel: string, text: string) => {
    if (channel !== CLUSTER_EVENTS_CHANNEL) return;
    let message: z.infer<typeof Message>;
    try {
      message = Message.parse(JSON.parse(text));
    } catch {
      return; // not ours
    }
    if (message.origin !== bus.origin) dispatch(message.topic, message.payload);
  });
  // ioredis subscribes again by itself after a reconnect.
  subscriber.subscribe(CLUSTER_EVENTS_CHANNEL).catch((error: unknown) => logger().warn({ err: error }, "could not subscribe to the replicas' event channel; retried on reconnect"));
}

/** Calls `listener` for every `topic` event, from this process or (with REDIS_URL) any replica; returns the unsubscribe. */
export function onClusterEvent(topic: ClusterEventTopic, listener: Listener): () => void {
  subscribeOnce();
  let set = bus.listeners.get(topic);
  if (!set) {
    set = new Set();
    bus.listeners.set(topic, set);
  }
  set.add(listener);
  return () => void set.delete(listener);
}

/** Tells this process's listeners now, and (with REDIS_URL) every other replica's shortly after. Never throws. */
export function emitClusterEvent(topic: ClusterEventTopic, payload = ""): void {
  dispatch(topic, payload);
  let redis;
  try {
    redis = getRedis();
  } catch {
    return;
  }
  if (!redis) return;
  redis.publish(CLUSTER_EVENTS_CHANNEL, JSON.stringify({ origin: bus.origin, topic, payload })).catch((error: unknown) => {
    if (Date.now() - bus.lastPublishErrorLogMs < 60_000) return;
    bus.lastPublishErrorLogMs = Date.now();
    logger().warn({ err: error, topic }, "could not tell the other replicas through Redis; they catch up on their own (meter tick, refetch, 5 s access memo)");
  });
}
