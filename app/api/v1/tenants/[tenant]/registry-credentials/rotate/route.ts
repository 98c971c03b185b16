import { rotateRegistryCredentialsOperation } from "@/lib/contracts/images";
import { tenantRoute } from "@/lib/server/http/tenant-route";
import { rotateRegistryCredentials } from "@/lib/server/tenancy/provision-tenant";

export const dynamic = "force-dynamic";

// POST /api/v1/tenants/{tenant}/registry-credentials/rotate — a new robot pull secret; the old one stops working at once.
export const POST = tenantRoute(rotateRegistryCredentialsOperation, async ({ tenant, audit }) => {
  const credentials = await rotateRegistryCredentials(tenant);
  audit.target = `registry_robot:${credentials.username}`;
  return credentials;
});
