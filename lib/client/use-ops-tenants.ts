import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { apiFetch, isApiRequestError } from "@/lib/client/api-client";
import { queryKeys } from "@/lib/client/query-keys";
import { opsDeleteTenantOperation, opsListTenantsOperation, opsResumeTenantOperation, opsSuspendTenantOperation } from "@/lib/contracts/tenants";

/** Every tenant on the platform (platform admins; others get 403, which is not worth retrying). */
export function useOpsTenants() {
  return useQuery({
    queryKey: queryKeys.ops.tenants(),
    queryFn: ({ signal }) => apiFetch(opsListTenantsOperation, { signal }),
    retry: (failures, error) => !(isApiRequestError(error) && error.status < 500) && failures < 2,
  });
}

export type OpsTenantAction = { kind: "suspend" | "resume"; tenant: string } | { kind: "delete"; tenant: string; confirm: string };

/** Suspend, resume or delete a tenant; the list is refreshed whatever happened. */
export function useOpsTenantAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: OpsTenantAction) => {
      const params = { tenant: action.tenant };
      if (action.kind === "delete") return apiFetch(opsDeleteTenantOperation, { params, body: { confirm: action.confirm } });
      return apiFetch(action.kind === "suspend" ? opsSuspendTenantOperation : opsResumeTenantOperation, { params });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.ops.tenants() }),
  });
}
