import { isServer, QueryClient } from "@tanstack/react-query";

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Live changes arrive over the tenant's SSE stream and are merged into the cache, so a
        // short stale time is enough and avoids an immediate refetch after server rendering.
        staleTime: 30_000,
        // Refetching on focus is left on: after a laptop sleeps, the SSE stream may have missed events.
        refetchOnWindowFocus: true,
      },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

/**
 * One QueryClient per browser tab, but a fresh one per server render: sharing a client across
 * requests on the server would leak one user's cached data into another user's page.
 */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}
