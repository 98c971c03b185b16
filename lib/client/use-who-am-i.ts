import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { apiFetch, isApiRequestError } from "@/lib/client/api-client";
import { queryKeys } from "@/lib/client/query-keys";
import { getSessionOperation, signInOperation, signOutOperation, signupOperation, type SignInRequest, type SignupRequest } from "@/lib/contracts/auth";

/** Whether an error means "nobody is signed in", the one failure that must not be retried. */
export function isSignedOutError(error: unknown): boolean {
  return isApiRequestError(error) && error.status === 401;
}

/**
 * Who is signed in, with their tenants, roles and permissions. Shared by the header, the tenant gate and every
 * role-aware button, so it is fetched once per tab and kept for a minute.
 */
export function useWhoAmI() {
  return useQuery({
    queryKey: queryKeys.session.whoAmI(),
    queryFn: ({ signal }) => apiFetch(getSessionOperation, { signal }),
    staleTime: 60_000,
    retry: (failures, error) => !isSignedOutError(error) && failures < 2,
  });
}

/** POST /api/v1/session. The answer is the new who-am-i, so the cache is filled without another request. */
export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SignInRequest) => apiFetch(signInOperation, { body }),
    onSuccess: (whoAmI) => {
      // Another user may have been signed in on this tab before: nothing of theirs may linger.
      queryClient.clear();
      queryClient.setQueryData(queryKeys.session.whoAmI(), whoAmI);
    },
  });
}

/**
 * POST /api/v1/signup: creates the account and a tenant (or joins one by invitation) and signs in. Callers
 * continue with a full page load into the tenant, which starts the new user with an empty cache.
 */
export function useSignUp() {
  return useMutation({
    mutationFn: (body: SignupRequest) => apiFetch(signupOperation, { body }),
  });
}

/**
 * DELETE /api/v1/session. Callers follow it with a full page load (not a client navigation), which drops the
 * whole query cache with the page; clearing it here instead would make mounted screens refetch as signed-out
 * and race the navigation with their own sign-in redirects.
 */
export function useSignOut() {
  return useMutation({
    mutationFn: () => apiFetch(signOutOperation),
  });
}
