import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { apiFetch, isApiRequestError } from "@/lib/client/api-client";
import { queryKeys } from "@/lib/client/query-keys";
import { acceptInvitationOperation, getInvitationOperation } from "@/lib/contracts/members";

/** What an invitation link offers; public, so it works before the invitee has an account. */
export function useInvitationPreview(token: string) {
  return useQuery({
    queryKey: queryKeys.invitations.preview(token),
    queryFn: ({ signal }) => apiFetch(getInvitationOperation, { params: { token }, signal }),
    // A link that is unknown, used or revoked will not become valid by asking again.
    retry: (failures, error) => !(isApiRequestError(error) && error.status === 404) && failures < 2,
  });
}

export function useAcceptInvitation(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch(acceptInvitationOperation, { params: { token } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.session.whoAmI() }),
  });
}
