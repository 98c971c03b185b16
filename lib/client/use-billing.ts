import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { apiFetch } from "@/lib/client/api-client";
import { queryKeys } from "@/lib/client/query-keys";
import { getTenantBalanceOperation, listTenantTransactionsOperation, redeemVoucherOperation } from "@/lib/contracts/billing";
import { getTenantPriceCardOperation } from "@/lib/contracts/billing-prices";
import { getBillingUsageOperation, getInvoiceOperation, listInvoicesOperation, type BillingUsageRange } from "@/lib/contracts/billing-usage";

/** How often the balance and usage are read again while a billing screen is open: the meter charges every tick. */
const BILLING_REFRESH_MS = 5_000;

/** The tenant's balance and billing state (ok, low, warned, suspended); polled, as the meter changes it. */
export function useTenantBalance(tenant: string, options: { enabled?: boolean; refetchIntervalMs?: number } = {}) {
  return useQuery({
    queryKey: queryKeys.billing.balance(tenant),
    queryFn: ({ signal }) => apiFetch(getTenantBalanceOperation, { params: { tenant }, signal }),
    refetchInterval: options.refetchIntervalMs ?? BILLING_REFRESH_MS,
    enabled: options.enabled ?? true,
  });
}

/** Usage and cost by workload over a range, the burn rate and the billing state with its notices. */
export function useBillingUsage(tenant: string, range: BillingUsageRange, options: { enabled?: boolean } = {}) {
  return useQuery({
    enabled: options.enabled ?? true,
    queryKey: queryKeys.billing.usage(tenant, range),
    queryFn: ({ signal }) => apiFetch(getBillingUsageOperation, { params: { tenant }, query: { range }, signal }),
    placeholderData: keepPreviousData,
    refetchInterval: BILLING_REFRESH_MS,
  });
}

/** One page of money in and out of the balance, newest first. The previous page stays on screen while the next loads. */
export function useTenantTransactions(tenant: string, cursor: string | null, limit: number) {
  return useQuery({
    queryKey: queryKeys.billing.transactions(tenant, cursor, limit),
    queryFn: ({ signal }) => apiFetch(listTenantTransactionsOperation, { params: { tenant }, query: { limit, cursor }, signal }),
    placeholderData: keepPreviousData,
    // Only the first page moves (new charges arrive at the top); later pages are history.
    refetchInterval: cursor === null ? BILLING_REFRESH_MS : false,
  });
}

export function useInvoices(tenant: string) {
  return useQuery({
    queryKey: queryKeys.billing.invoices(tenant),
    queryFn: ({ signal }) => apiFetch(listInvoicesOperation, { params: { tenant }, signal }),
  });
}

export function useInvoice(tenant: string, id: string) {
  return useQuery({
    queryKey: queryKeys.billing.invoice(tenant, id),
    queryFn: ({ signal }) => apiFetch(getInvoiceOperation, { params: { tenant, id }, signal }),
  });
}

/**
 * Redeems a voucher code. Each submit attempt carries a fresh Idempotency-Key, so a network retry by the browser of
 * the same attempt cannot redeem twice while a new attempt (after fixing a typo) is a new request.
 */
export function useRedeemVoucher(tenant: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ code, idempotencyKey }: { code: string; idempotencyKey: string }) =>
      apiFetch(redeemVoucherOperation, { params: { tenant }, body: { code }, headers: { "Idempotency-Key": idempotencyKey } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.billing.all(tenant) }),
  });
}

/** The URL of an invoice's CSV download (a plain link: the browser saves it with the server's file name). */
export function invoiceCsvUrl(tenant: string, id: string): string {
  return `/api/v1/tenants/${encodeURIComponent(tenant)}/billing/invoices/${encodeURIComponent(id)}/csv`;
}

/** The price card in force (rates only), for the price shown in the deploy and scale forms. */
export function useTenantPriceCard(tenant: string) {
  return useQuery({
    queryKey: queryKeys.billing.prices(tenant),
    queryFn: ({ signal }) => apiFetch(getTenantPriceCardOperation, { params: { tenant }, signal }),
    staleTime: 60_000,
  });
}
