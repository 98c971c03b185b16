import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { apiFetch } from "@/lib/client/api-client";
import { queryKeys } from "@/lib/client/query-keys";
import {
  createInvitationOperation,
  listInvitationsOperation,
  listMembersOperation,
  removeMemberOperation,
  revokeInvitationOperation,
  updateMemberOperation,
  type CreateInvitationRequest,
} from "@/lib/contracts/members";
import type { TenantRole } from "@/lib/contracts/permissions";

export function useMembers(tenant: string) {
  return useQuery({
    queryKey: queryKeys.members.list(tenant),
    queryFn: ({ signal }) => apiFetch(listMembersOperation, { params: { tenant }, signal }),
  });
}

export function useInvitations(tenant: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.members.invitations(tenant),
    queryFn: ({ signal }) => apiFetch(listInvitationsOperation, { params: { tenant }, signal }),
    enabled: options.enabled ?? true,
  });
}

/**
 * Member changes can change the caller's own role (or end their membership), so who-am-i, which holds the
 * permissions every button reads, is refreshed together with the member lists.
 */
function useInvalidateMembers(tenant: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.members.all(tenant) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.session.whoAmI() }),
    ]);
}

export function useInviteMember(tenant: string) {
  const invalidate = useInvalidateMembers(tenant);
  return useMutation({
    mutationFn: (body: CreateInvitationRequest) => apiFetch(createInvitationOperation, { params: { tenant }, body }),
    onSuccess: invalidate,
  });
}

export function useRevokeInvitation(tenant: string) {
  const invalidate = useInvalidateMembers(tenant);
  return useMutation({
    mutationFn: (id: string) => apiFetch(revokeInvitationOperation, { params: { tenant, id } }),
    onSettled: invalidate,
  });
}

export function useUpdateMember(tenant: string) {
  const invalidate = useInvalidateMembers(tenant);
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: TenantRole }) =>
      apiFetch(updateMemberOperation, { params: { tenant, userId }, body: { role } }),
    onSettled: invalidate,
  });
}

export function useRemoveMember(tenant: string) {
  const invalidate = useInvalidateMembers(tenant);
  return useMutation({
    mutationFn: (userId: string) => apiFetch(removeMemberOperation, { params: { tenant, userId } }),
    onSettled: invalidate,
  });
}
