import "server-only";
import { getDatabase } from "@/lib/server/db/get-database";
import { getEnv } from "@/lib/server/env";
import { getWatchCache } from "@/lib/server/kubernetes/get-watch-cache";
import { logger } from "@/lib/server/logger";
import { onShutdown } from "@/lib/server/shutdown/graceful-shutdown";
import { MeterService } from "./meter-service";
import { clusterSuspension } from "./suspension";

// One billing meter per server process, on globalThis like the watch cache (Next may load this module twice).

const KEY = Symbol.for("apiary.meterService");
type Holder = { [KEY]?: MeterService };
const holder = globalThis as Holder;

export function getMeterService(): MeterService | undefined {
  return holder[KEY];
}

/** Starts the meter once (boot-server); later calls return the running one. Never throws. */
export function startMeterService(): MeterService {
  const existing = holder[KEY];
  if (existing) return existing;
  const env = getEnv();
  const service = new MeterService({
    database: async () => (await getDatabase()).db,
    cache: () => {
      try {
        return getWatchCache();
      } catch {
        return undefined; // no kubeconfig yet: the embedded cluster is still starting
      }
    },
    cluster: () => clusterSuspension(),
    rules: { lowBalanceMinor: BigInt(env.APIARY_BILLING_LOW_BALANCE_MINOR), graceSeconds: env.APIARY_BILLING_GRACE_SECONDS },
    intervalMs: env.APIARY_BILLING_METER_INTERVAL_SECONDS * 1000,
    onError: (error) => logger().warn({ err: error }, "billing meter tick failed"),
  });
  holder[KEY] = service;
  service.start();
  // A stopping server finishes its tick and gives the lease up, so a standby meters within 5 s (its next try of
  // the lease) instead of after the lease expires (20 s).
  onShutdown("billing meter", () => service.stop());
  return service;
}

/** Tests hand in their own meter; `undefined` forgets it without stopping it. */
export function setMeterServiceForTests(service: MeterService | undefined): void {
  holder[KEY] = service;
}
