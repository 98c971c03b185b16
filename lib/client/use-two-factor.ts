import { useMutation, useQueryClient } from "@tanstack/react-query";

import { apiFetch } from "@/lib/client/api-client";
import { queryKeys } from "@/lib/client/query-keys";
import { confirmTwoFactorOperation, disableTwoFactorOperation, enrolTwoFactorOperation } from "@/lib/contracts/auth";

// Two-factor state lives on the user in who-am-i (`twoFactorEnabled`), so turning it on or off refreshes that.

export function useEnrolTwoFactor() {
  return useMutation({
    mutationFn: (password: string) => apiFetch(enrolTwoFactorOperation, { body: { password } }),
  });
}

export function useConfirmTwoFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => apiFetch(confirmTwoFactorOperation, { body: { code } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.session.whoAmI() }),
  });
}

export function useDisableTwoFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { password: string; code: string }) => apiFetch(disableTwoFactorOperation, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.session.whoAmI() }),
  });
}
