import { useQuery } from "@tanstack/react-query";

import { apiFetch } from "@/lib/client/api-client";
import { queryKeys } from "@/lib/client/query-keys";
import { getRegistryStatusOperation } from "@/lib/contracts/images";

/** Asked again this often while the registry is down, so the banner leaves soon after it is back. */
const WHILE_DOWN_MS = 15_000;
/** And this often while it is up, so a hub left open learns of an outage (the server probes at most every 10 s). */
const WHILE_UP_MS = 60_000;

/** Whether the image registry is reachable now, as the server last probed it, and when it last was. */
export function useRegistryStatus(tenant: string) {
  return useQuery({
    queryKey: queryKeys.images.registryStatus(tenant),
    queryFn: ({ signal }) => apiFetch(getRegistryStatusOperation, { params: { tenant }, signal }),
    refetchInterval: (query) => (query.state.data?.reachable === false ? WHILE_DOWN_MS : WHILE_UP_MS),
  });
}
