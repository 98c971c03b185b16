import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { apiFetch } from "@/lib/client/api-client";
import { queryKeys } from "@/lib/client/query-keys";
import { changePasswordOperation, listSessionsOperation, revokeSessionOperation, type ChangePasswordRequest } from "@/lib/contracts/auth";

/** The signed-in user's sessions on every device. */
export function useSessions() {
  return useQuery({
    queryKey: queryKeys.session.list(),
    queryFn: ({ signal }) => apiFetch(listSessionsOperation, { signal }),
  });
}

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(revokeSessionOperation, { params: { id } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.session.list() }),
  });
}

/** Changing the password ends every other session, so the list is refreshed afterwards. */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordRequest) => apiFetch(changePasswordOperation, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.session.list() }),
  });
}
