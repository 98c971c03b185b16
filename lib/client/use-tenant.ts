import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { apiFetch } from "@/lib/client/api-client";
import { queryKeys } from "@/lib/client/query-keys";
import { createTenantOperation, getTenantOperation, provisionTenantOperation } from "@/lib/contracts/tenants";

/** One tenant with its status, namespace, quota and the caller's role. */
export function useTenant(tenant: string) {
  return useQuery({
    queryKey: queryKeys.tenants.detail(tenant),
    queryFn: ({ signal }) => apiFetch(getTenantOperation, { params: { tenant }, signal }),
    // While the namespace is being set up, look again every few seconds so the page turns active by itself.
    refetchInterval: (query) => (query.state.data?.status === "provisioning" ? 3_000 : false),
  });
}

/** Runs provisioning again after it failed; the answer is the tenant's new state. */
export function useProvisionTenant(tenant: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch(provisionTenantOperation, { params: { tenant } }),
    onSuccess: (detail) => {
      queryClient.setQueryData(queryKeys.tenants.detail(tenant), detail);
      return queryClient.invalidateQueries({ queryKey: queryKeys.session.whoAmI() });
    },
  });
}

/** Another tenant with the caller as owner; the answer comes after its namespace exists (or failed to). */
export function useCreateTenant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => apiFetch(createTenantOperation, { body: { name } }),
    onSuccess: (detail) => {
      queryClient.setQueryData(queryKeys.tenants.detail(detail.slug), detail);
      return queryClient.invalidateQueries({ queryKey: queryKeys.session.whoAmI() });
    },
  });
}
