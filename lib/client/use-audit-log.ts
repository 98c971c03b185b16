import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { apiFetch } from "@/lib/client/api-client";
import { queryKeys } from "@/lib/client/query-keys";
import { listAuditOperation } from "@/lib/contracts/audit";

/** One page of the tenant's audit log, newest first. The previous page stays on screen while the next loads. */
export function useAuditLog(tenant: string, cursor: string | null, limit: number, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.audit.page(tenant, cursor, limit),
    queryFn: ({ signal }) => apiFetch(listAuditOperation, { params: { tenant }, query: { limit, cursor }, signal }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}
