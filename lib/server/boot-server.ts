import "server-only";
import { bootstrapPlatformAdmin } from "./auth/platform-admins";
import { getDatabase } from "./db/get-database";
import { reconcileUnfinishedTenants } from "./tenancy/reconcile-tenant";
import { EnvError, getEnv } from "./env";
import { logger } from "./logger";

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
