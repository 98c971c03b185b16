"use client";

import { useState, type FormEvent } from "react";

import { BillingSection, QueryStatus } from "@/components/ops/billing/billing-section";
import { parseMoneyInput } from "@/components/ops/billing/billing-amounts";
import { TenantStatusBadge } from "@/components/tenancy/tenant-status-badge";
import { Button } from "@/components/ui/button";
import { CursorPager } from "@/components/ui/cursor-pager";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { InlineError } from "@/components/ui/inline-error";
import { Table, Td, Th } from "@/components/ui/table";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toast-provider";
import { describeApiError } from "@/lib/client/describe-api-error";
import { serverFieldErrors } from "@/lib/client/server-field-errors";
import { useCursorPages } from "@/lib/client/use-cursor-pages";
import { useCreditTenant, useOpsTenantsByBalance } from "@/lib/client/use-ops-billing";
import type { TenantBalanceRow } from "@/lib/contracts/ops-billing";
import { TenantStatus } from "@/lib/contracts/tenants";
import { formatMoney, minorExponent } from "@/lib/format/format-money";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";
import type { z } from "zod";

type Row = z.infer<typeof TenantBalanceRow>;
const PAGE_SIZE = 25;

function isTenantStatus(status: string): status is TenantStatus {
  return TenantStatus.safeParse(status).success;
}

/** Amount and reason; mounted afresh per opening, so each opening has its own idempotency key. */
function CreditForm({ tenant, onClose }: { tenant: Row; onClose: () => void }) {
  const t = useT();
  const locale = useLocale();
  const toast = useToast();
  const credit = useCreditTenant();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});

  function submit(event: FormEvent) {
    event.preventDefault();
    const next: Record<string, string> = {};
    const minor = parseMoneyInput(amount, tenant.currency);
    if (minor === null || minor === "0") next.amount = t("opsBilling.invalidPositive", { decimals: minorExponent(tenant.currency) });
    if (reason.trim().length < 3) next.reason = t("opsBilling.invalidReason");
    setErrors(next);
    if (Object.keys(next).length > 0 || minor === null) return;
    credit.mutate(
      { body: { tenant: tenant.slug, amountMinor: minor, reason: reason.trim() }, idempotencyKey },
      {
        onSuccess: (result) => {
          toast(
            "success",
            t("opsBilling.credited", {
              amount: formatMoney(result.amountMinor, result.currency, locale),
              tenant: result.tenant,
              balance: formatMoney(result.balanceMinor, result.currency, locale),
            }),
          );
          onClose();
        },
        onError: (error) => {
          const server = serverFieldErrors(error);
          setErrors({ ...(server.amountMinor ? { amount: server.amountMinor } : {}), ...(server.reason ? { reason: server.reason } : {}) });
          toast("error", describeApiError(t, error));
        },
      },
    );
  }

  return (
    <form noValidate onSubmit={submit} className="space-y-4">
      <TextField id="credit-amount" inputMode="decimal" autoFocus label={`${t("opsBilling.amount")} (${tenant.currency})`} value={amount} error={errors.amount} onChange={(e) => setAmount(e.target.value)} />
      <TextField id="credit-reason" label={t("opsBilling.reason")} hint={t("opsBilling.reasonHint")} maxLength={500} value={reason} error={errors.reason} onChange={(e) => setReason(e.target.value)} />
      <div aria-live="polite">{credit.isError ? <InlineError title={describeApiError(t, credit.error)} /> : null}</div>
      <div className="flex flex-wrap justify-end gap-2">
        <Button onClick={onClose}>{t("opsBilling.cancel")}</Button>
        <Button type="submit" variant="primary" disabled={credit.isPending}>
          {credit.isPending ? t("opsBilling.crediting") : t("opsBilling.creditConfirm")}
        </Button>
      </div>
    </form>
  );
}

/** Tenants by prepaid balance, lowest first, each with a Credit action. */
export function TenantsBalanceSection() {
  const t = useT();
  const locale = useLocale();
  const pages = useCursorPages();
  const tenants = useOpsTenantsByBalance(pages.cursor, PAGE_SIZE);
  const [crediting, setCrediting] = useState<Row | null>(null);
  // A new number per opening: the form (and its idempotency key) is remounted each time.
  const [opening, setOpening] = useState(0);

  return (
    <BillingSection id="tenants" title={t("opsBilling.tabTenants")}>
      {tenants.data ? (
        tenants.data.items.length === 0 && !pages.hasPrevious ? (
          <EmptyState icon={<Icon name="users" />} title={t("opsBilling.tenantsEmpty")}>
            <p>{t("opsBilling.tenantsEmptyBody")}</p>
          </EmptyState>
        ) : (
          <>
            <Table caption={t("opsBilling.tenantsHeading")}>
              <thead>
                <tr>
                  <Th>{t("opsBilling.tenant")}</Th>
                  <Th>{t("opsBilling.status")}</Th>
                  <Th>{t("opsBilling.plan")}</Th>
                  <Th className="text-right">{t("opsBilling.balance")}</Th>
                  <Th className="text-right">{t("opsBilling.floor")}</Th>
                  <Th>
                    <span className="sr-only">{t("common.actions")}</span>
                  </Th>
                </tr>
              </thead>
              <tbody>
                {tenants.data.items.map((tenant) => (
                  <tr key={tenant.tenantId}>
                    <Td>
                      <span className="block font-medium">{tenant.name}</span>
                      <span className="font-mono text-xs text-muted-foreground">{tenant.slug}</span>
                    </Td>
                    <Td>
                      {isTenantStatus(tenant.status) ? <TenantStatusBadge status={tenant.status} /> : <span className="text-muted-foreground">{tenant.status}</span>}
                    </Td>
                    <Td>{tenant.planName}</Td>
                    <Td className={`text-right tabular-nums ${BigInt(tenant.balanceMinor) <= BigInt(tenant.floorMinor) ? "font-medium text-danger" : ""}`}>
                      {formatMoney(tenant.balanceMinor, tenant.currency, locale)}
                    </Td>
                    <Td className="text-right tabular-nums text-muted-foreground">{formatMoney(tenant.floorMinor, tenant.currency, locale)}</Td>
                    <Td className="text-right">
                      <Button
                        size="sm"
                        onClick={() => {
                          setOpening((n) => n + 1);
                          setCrediting(tenant);
                        }}
                      >
                        {t("opsBilling.credit")}
                      </Button>
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <CursorPager
              label={t("opsBilling.tenantsPager")}
              summary={t("opsBilling.pageSummary", { page: pages.pageIndex + 1 })}
              previousLabel={t("opsBilling.previous")}
              nextLabel={t("opsBilling.next")}
              hasPrevious={pages.hasPrevious}
              nextCursor={tenants.data.nextCursor}
              loading={tenants.isPlaceholderData}
              onPrevious={pages.previous}
              onNext={pages.next}
            />
          </>
        )
      ) : (
        <QueryStatus query={tenants} />
      )}
      <Dialog
        open={crediting !== null}
        onClose={() => setCrediting(null)}
        title={t("opsBilling.creditTitle", { tenant: crediting?.name ?? "" })}
        description={t("opsBilling.creditBody")}
      >
        {crediting ? <CreditForm key={opening} tenant={crediting} onClose={() => setCrediting(null)} /> : null}
      </Dialog>
    </BillingSection>
  );
}
