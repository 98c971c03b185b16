import { listAuditOperation } from "@/lib/contracts/audit";
import { listAudit } from "@/lib/server/audit/audit-log";
import { tenantRoute } from "@/lib/server/http/tenant-route";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants/{tenant}/audit — the tenant's audit log, newest first (limit, cursor).
export const GET = tenantRoute(listAuditOperation, async ({ tenant, query }) => listAudit({ tenantId: tenant.id, limit: query.limit, cursor: query.cursor }));
