import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { apiFetch } from "@/lib/client/api-client";
import { queryKeys } from "@/lib/client/query-keys";
import { createApiKeyOperation, listApiKeysOperation, revokeApiKeyOperation, type CreateApiKeyRequest } from "@/lib/contracts/api-keys";

export function useApiKeys(tenant: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.apiKeys.list(tenant),
    queryFn: ({ signal }) => apiFetch(listApiKeysOperation, { params: { tenant }, signal }),
    enabled: options.enabled ?? true,
  });
}

/** The answer holds the key itself, shown once; it is not put in the cache, which outlives the dialog. */
export function useCreateApiKey(tenant: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateApiKeyRequest) => apiFetch(createApiKeyOperation, { params: { tenant }, body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys.list(tenant) }),
  });
}

export function useRevokeApiKey(tenant: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(revokeApiKeyOperation, { params: { tenant, id } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys.list(tenant) }),
  });
}
