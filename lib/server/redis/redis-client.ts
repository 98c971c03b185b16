import "server-only";
import { Redis } from "ioredis";
import { getEnv } from "@/lib/server/env";
import { logger } from "@/lib/server/logger";

// The replicas' shared Redis (REDIS_URL): rate-limit buckets and the fan-out of live updates. Without REDIS_URL
// there is none and both stay in-process. The connections are made on first use, on globalThis like the database
// (Next loads server modules once for the instrumentation and once for the routes, and both must share one).
// Commands give up after COMMAND_TIMEOUT_MS, so a Redis that is down or hung costs a request at most that long;
// the callers then fall back to the in-process behaviour (see rate-limit.ts and cluster-events.ts).

export const COMMAND_TIMEOUT_MS = 500;

const KEY = Symbol.for("apiary.redis");
type Connections = { command?: Redis; subscriber?: Redis; up?: boolean };
const connections: Connections = ((globalThis as { [KEY]?: Connections })[KEY] ??= {});

function connect(url: string, role: "command" | "subscriber"): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    // A subscriber waits for messages as long as it takes; a command must not hold a request up.
    commandTimeout: role === "command" ? COMMAND_TIMEOUT_MS : undefined,
    // Queued commands fail after one failed reconnect instead of twenty, so the queue stays short while Redis is down.
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(200 * attempt, 2_000),
    connectionName: `apiary-${role}-${process.pid}`,
  });
  // Logged once per change of state, not once per reconnect attempt.
  client.on("ready", () => {
    if (connections.up !== true) logger().info({ role }, "connected to Redis (REDIS_URL): rate limits and live updates are shared between replicas");
    connections.up = true;
  });
  client.on("error", (error: Error) => {
    if (connections.up !== false) {
      logger().error(
        { err: error, role },
        "Redis (REDIS_URL) is unreachable: rate limits fall back to this replica's own counts and live updates reach only this replica's clients until it is back",
      );
    }
    connections.up = false;
  });
  void client.connect().catch(() => {}); // the error event above reports it; ioredis keeps retrying
  return client;
}

/** The shared command connection, or undefined when REDIS_URL is not set. */
export function getRedis(): Redis | undefined {
  const url = getEnv().REDIS_URL;
  if (!url) return undefined;
  connections.command ??= connect(url, "command");
  return connections.command;
}

/** A second connection for SUBSCRIBE (a subscribed connection runs no other commands), or undefined without REDIS_URL. */
export function getRedisSubscriber(): Redis | undefined {
  const url = getEnv().REDIS_URL;
  if (!url) return undefined;
  connections.subscriber ??= connect(url, "subscriber");
  return connections.subscriber;
}

/** Whether a command sent now can reach Redis soon: false while ioredis is between reconnect attempts. */
export function redisMayAnswer(client: Redis): boolean {
  return client.status !== "reconnecting" && client.status !== "end" && client.status !== "close";
}

/** Tests that point REDIS_URL elsewhere close the connections, so the next use connects to the new one. */
export async function closeRedisForTests(): Promise<void> {
  const open = [connections.command, connections.subscriber].filter((client): client is Redis => client !== undefined);
  connections.command = undefined;
  connections.subscriber = undefined;
  connections.up = undefined;
  await Promise.all(open.map((client) => client.quit().catch(() => client.disconnect())));
}
