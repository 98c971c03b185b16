import { tenantEventsOperation } from "@/lib/contracts/workloads";
import { tenantRoute } from "@/lib/server/http/tenant-route";
import { streamTenantEvents } from "@/lib/server/deployments/stream-tenant-events";
import { endStreamOnShutdown } from "@/lib/server/shutdown/end-stream-on-shutdown";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants/{tenant}/events — the tenant's live change stream (Server-Sent Events); when this server
// stops, the client is told to reconnect (to another replica) and the stream ends.
export const GET = tenantRoute(tenantEventsOperation, async ({ tenant, request }) => endStreamOnShutdown(streamTenantEvents(tenant, request)));
