import { opsListTenantsOperation } from "@/lib/contracts/tenants";
import { adminRoute } from "@/lib/server/http/user-route";
import { listOpsTenants } from "@/lib/server/tenancy/ops-tenants";

export const dynamic = "force-dynamic";

// GET /api/v1/ops/tenants — every tenant with status and member count (platform admins).
export const GET = adminRoute(opsListTenantsOperation, async ({ query }) => ({ items: await listOpsTenants(query) }));
