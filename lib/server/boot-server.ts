import "server-only";
import { bootstrapPlatformAdmin } from "./auth/platform-admins";
import { getDatabase } from "./db/get-database";
import { getWatchCache } from "./kubernetes/get-watch-cache";
import { startCanaryController } from "./deployments/canary-controller";
import { reconcileUnfinishedTenants } from "./tenancy/reconcile-tenant";
import { EnvError, getEnv } from "./env";
import { logger } from "./logger";
import { startRegistryReconciler } from "./registry/reconcile-registry";
import { startMetricsService } from "./metrics/get-metrics-service";
import { startMeterService } from "./billing/get-meter-service";
import { installGracefulShutdown } from "./shutdown/graceful-shutdown";

/**
 * Start-up work for one server process: check the configuration (stopping the process with a clear message
 * when it is wrong) and migrate the database. Background services (watch cache, metrics collector, billing
 * meter) start here as they arrive. A database that is down is reported by readyz and retried on use; it does
 * not stop the console from serving its pages.
 */
export async function bootServer(): Promise<void> {
  try {
    getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // SIGTERM drains: streams are sent to another replica, leases released, in-flight requests finish (shutdown/).
  installGracefulShutdown({ graceMs: getEnv().APIARY_SHUTDOWN_GRACE_SECONDS * 1000 });
  startWatchCache();
  // These retry on their own (the database and the cluster included), so they start even while the database is
  // down; otherwise a console that booted before its database would never run them.
  // Canary upgrades pause themselves after N new pods, watched through the watch cache with Apiary's own credentials.
  Promise.resolve().then(() => startCanaryController()).catch((error) => logger().warn({ err: error }, "could not start the canary controller"));
  // The image hub's safety net for lost registry notifications: every few minutes, jittered, never throwing.
  startRegistryReconciler();
  // The metrics collector: the replica holding the "metrics-collector" lease scrapes, the others stand by.
  startMetricsService();
  // The billing meter: the replica holding the "billing-meter" lease meters pods, charges and applies balance rules.
  startMeterService();
  try {
    await getDatabase();
  } catch (error) {
    logger().error({ err: error }, "database not ready at start; readyz reports it and requests retry");
    return;
  }
  try {
    // First start: APIARY_ADMIN_EMAIL / APIARY_ADMIN_PASSWORD become the platform admin when there is none yet.
    await bootstrapPlatformAdmin();
  } catch (error) {
    logger().error({ err: error }, "could not create the platform admin from APIARY_ADMIN_EMAIL");
  }
  // Not awaited: the cluster may still be starting, and a tenant left in "provisioning" must not delay the console.
  reconcileUnfinishedTenants().catch((error) => logger().warn({ err: error }, "could not resume unfinished tenant provisioning"));
}

/**
 * Starts the watch cache now, so the first workload page finds it warm. Not awaited: the cluster may start after
 * the console (the embedded one writes its kubeconfig when it is up), and until the cache has listed everything,
 * workload reads answer 503 "the cluster view is loading". A kubeconfig that is not there yet is retried.
 */
function startWatchCache(attempt = 0): void {
  try {
    getWatchCache()
      .ready()
      .then(() => logger().info({}, "watch cache synced"))
      .catch((error: unknown) => logger().warn({ err: error }, "watch cache stopped before it synced"));
  } catch (error) {
    const delayMs = Math.min(30_000, 1_000 * 2 ** attempt);
    if (attempt === 0) logger().warn({ err: error, delayMs }, "could not start the watch cache yet; retrying");
    setTimeout(() => startWatchCache(attempt + 1), delayMs).unref();
  }
}
