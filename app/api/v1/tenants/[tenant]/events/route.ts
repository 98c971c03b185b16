import { tenantEventsOperation } from "@/lib/contracts/workloads";
import { tenantRoute } from "@/lib/server/http/tenant-route";
import { streamTenantEvents } from "@/lib/server/deployments/stream-tenant-events";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants/{tenant}/events — the tenant's live change stream (Server-Sent Events).
export const GET = tenantRoute(tenantEventsOperation, async ({ tenant, request }) => streamTenantEvents(tenant, request));
