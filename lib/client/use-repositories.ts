import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { apiFetch } from "@/lib/client/api-client";
import { queryKeys } from "@/lib/client/query-keys";
import {
  createRepositoryOperation,
  deleteRepositoryTagOperation,
  listRepositoriesOperation,
  listRepositoryTagsOperation,
  starRepositoryOperation,
  unstarRepositoryOperation,
  updateRepositoryOperation,
  type CreateRepositoryRequest,
  type RepositorySort,
  type UpdateRepositoryRequest,
} from "@/lib/contracts/images";

export type RepositoryListQuery = { q: string; sort: RepositorySort; cursor: string | null; limit: number };

/** One page of the tenant's repositories; the previous page stays on screen while the next one loads. */
export function useRepositories(tenant: string, query: RepositoryListQuery) {
  return useQuery({
    queryKey: queryKeys.images.list(tenant, query),
    queryFn: ({ signal }) =>
      apiFetch(listRepositoriesOperation, {
        params: { tenant },
        query: { q: query.q.trim() || undefined, sort: query.sort, cursor: query.cursor, limit: query.limit },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

/**
 * One repository. The API has no single-repository read, so this asks the list for names containing it (at most
 * 200, the largest page) and keeps the exact match; null means the tenant has no repository of that name.
 */
export function useRepository(tenant: string, name: string) {
  const query: RepositoryListQuery = { q: name, sort: "name", cursor: null, limit: 200 };
  return useQuery({
    queryKey: queryKeys.images.list(tenant, query),
    queryFn: ({ signal }) => apiFetch(listRepositoriesOperation, { params: { tenant }, query: { q: name, sort: "name", limit: 200 }, signal }),
    select: (list) => list.items.find((item) => item.name === name) ?? null,
  });
}

export function useRepositoryTags(tenant: string, repository: string) {
  return useQuery({
    queryKey: queryKeys.images.tags(tenant, repository),
    queryFn: ({ signal }) => apiFetch(listRepositoryTagsOperation, { params: { tenant, repo: repository }, signal }),
  });
}

export function useCreateRepository(tenant: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateRepositoryRequest) => apiFetch(createRepositoryOperation, { params: { tenant }, body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.images.all(tenant) }),
  });
}

export function useUpdateRepository(tenant: string, repository: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateRepositoryRequest) => apiFetch(updateRepositoryOperation, { params: { tenant, repo: repository }, body }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.images.all(tenant) }),
  });
}

/** Deleting a tag deletes its manifest, so every tag of the same digest goes too: the whole hub is refreshed. */
export function useDeleteRepositoryTag(tenant: string, repository: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tag: string) => apiFetch(deleteRepositoryTagOperation, { params: { tenant, repo: repository, tag } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.images.all(tenant) }),
  });
}

/** Stars or unstars one of the tenant's repositories for the signed-in person; the catalogue's counts change too. */
export function useStarRepository(tenant: string, repository: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (starred: boolean) => apiFetch(starred ? starRepositoryOperation : unstarRepositoryOperation, { params: { tenant, repo: repository } }),
    onSettled: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.images.all(tenant) }), queryClient.invalidateQueries({ queryKey: queryKeys.images.catalogue() })]),
  });
}
