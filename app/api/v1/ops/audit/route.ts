import { opsListAuditOperation } from "@/lib/contracts/audit";
import { listAudit } from "@/lib/server/audit/audit-log";
import { adminRoute } from "@/lib/server/http/user-route";
import { findOpsTenantRow } from "@/lib/server/tenancy/ops-tenants";

export const dynamic = "force-dynamic";

// GET /api/v1/ops/audit — the whole platform's audit log, optionally one tenant's (platform admins).
export const GET = adminRoute(opsListAuditOperation, async ({ query }) => {
  const tenantId = query.tenant ? (await findOpsTenantRow(query.tenant)).id : undefined;
  return listAudit({ tenantId, limit: query.limit, cursor: query.cursor });
});
