import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";

import { apiFetch, isApiRequestError } from "@/lib/client/api-client";
import { queryKeys } from "@/lib/client/query-keys";
import {
  opsCreatePlanVersionOperation,
  opsCreatePriceCardOperation,
  opsCreateVoucherBatchOperation,
  opsCreditTenantOperation,
  opsGetRevenueSummaryOperation,
  opsListPlansOperation,
  opsListPriceCardsOperation,
  opsListTenantsByBalanceOperation,
  opsListVouchersOperation,
  type CreatePlanVersionBody,
  type CreatePriceCardBody,
  type CreateVoucherBatchBody,
  type OperatorCreditBody,
} from "@/lib/contracts/ops-billing";

/** 4xx answers (403 for non-admins, 422) are not worth retrying. */
const retry = (failures: number, error: unknown) => !(isApiRequestError(error) && error.status < 500) && failures < 2;

export function useOpsPriceCards() {
  return useQuery({ queryKey: queryKeys.opsBilling.priceCards(), queryFn: ({ signal }) => apiFetch(opsListPriceCardsOperation, { signal }), retry });
}

export function useCreatePriceCard() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof CreatePriceCardBody>) => apiFetch(opsCreatePriceCardOperation, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.opsBilling.priceCards() }),
  });
}

export function useOpsPlans() {
  return useQuery({ queryKey: queryKeys.opsBilling.plans(), queryFn: ({ signal }) => apiFetch(opsListPlansOperation, { signal }), retry });
}

export function useCreatePlanVersion() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof CreatePlanVersionBody>) => apiFetch(opsCreatePlanVersionOperation, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.opsBilling.plans() }),
  });
}

export function useOpsVouchers(cursor: string | null, limit: number) {
  return useQuery({
    queryKey: queryKeys.opsBilling.vouchers(cursor, limit),
    queryFn: ({ signal }) => apiFetch(opsListVouchersOperation, { signal, query: { cursor: cursor ?? undefined, limit } }),
    placeholderData: keepPreviousData,
    retry,
  });
}

/** Makes a batch; the answer holds the codes, which are never readable again. */
export function useCreateVoucherBatch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof CreateVoucherBatchBody>) => apiFetch(opsCreateVoucherBatchOperation, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.opsBilling.vouchersAll() }),
  });
}

export function useOpsTenantsByBalance(cursor: string | null, limit: number) {
  return useQuery({
    queryKey: queryKeys.opsBilling.tenants(cursor, limit),
    queryFn: ({ signal }) => apiFetch(opsListTenantsByBalanceOperation, { signal, query: { order: "asc", cursor: cursor ?? undefined, limit } }),
    placeholderData: keepPreviousData,
    retry,
  });
}

/** Credits a tenant; the key is made once per dialog, so a retried click moves the money once. */
export function useCreditTenant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: z.input<typeof OperatorCreditBody>; idempotencyKey: string }) =>
      apiFetch(opsCreditTenantOperation, { body, headers: { "idempotency-key": idempotencyKey } }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.opsBilling.tenantsAll() });
      void queryClient.invalidateQueries({ queryKey: queryKeys.opsBilling.revenueAll() });
    },
  });
}

export function useOpsRevenue(from: string, to: string) {
  return useQuery({
    queryKey: queryKeys.opsBilling.revenue(from, to),
    queryFn: ({ signal }) => apiFetch(opsGetRevenueSummaryOperation, { signal, query: { from, to } }),
    retry,
  });
}
