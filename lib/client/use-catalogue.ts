import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { apiFetch } from "@/lib/client/api-client";
import { queryKeys } from "@/lib/client/query-keys";
import {
  listCatalogueOperation,
  starCatalogueRepositoryOperation,
  unstarCatalogueRepositoryOperation,
  type RepositorySort,
} from "@/lib/contracts/images";

export type CatalogueQuery = { q: string; sort: RepositorySort; cursor: string | null; limit: number };

/** One page of the public catalogue; the previous page stays on screen while the next one loads. */
export function useCatalogue(query: CatalogueQuery) {
  return useQuery({
    queryKey: queryKeys.images.catalogue(query),
    queryFn: ({ signal }) =>
      apiFetch(listCatalogueOperation, { query: { q: query.q.trim() || undefined, sort: query.sort, cursor: query.cursor, limit: query.limit }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** Stars or unstars a repository of any tenant from the catalogue; the owning tenant's hub is refreshed too. */
export function useStarCatalogueRepository(tenant: string, repository: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (starred: boolean) =>
      apiFetch(starred ? starCatalogueRepositoryOperation : unstarCatalogueRepositoryOperation, { params: { tenant, repo: repository } }),
    onSettled: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.images.catalogue() }), queryClient.invalidateQueries({ queryKey: queryKeys.images.all(tenant) })]),
  });
}
