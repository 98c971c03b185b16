"use client";

import { useState, type FormEvent } from "react";

import { BillingSection, QueryStatus, localInputToIso } from "@/components/ops/billing/billing-section";
import { parseMoneyInput } from "@/components/ops/billing/billing-amounts";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { CursorPager } from "@/components/ui/cursor-pager";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { InlineError } from "@/components/ui/inline-error";
import { Notice } from "@/components/ui/notice";
import { Table, Td, Th } from "@/components/ui/table";
import { TextField } from "@/components/ui/text-field";
import { describeApiError } from "@/lib/client/describe-api-error";
import { formatDateTime } from "@/lib/client/format-timestamp";
import { serverFieldErrors } from "@/lib/client/server-field-errors";
import { useCursorPages } from "@/lib/client/use-cursor-pages";
import { useCreateVoucherBatch, useOpsVouchers } from "@/lib/client/use-ops-billing";
import type { Voucher } from "@/lib/contracts/ops-billing";
import { formatMoney, minorExponent } from "@/lib/format/format-money";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

const PAGE_SIZE = 25;

/** Vouchers with the last characters of their code only: the codes themselves are never readable again. */
export function VouchersTable({ items }: { items: Voucher[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Table caption={t("opsBilling.vouchersHeading")}>
      <thead>
        <tr>
          <Th>{t("opsBilling.label")}</Th>
          <Th>{t("opsBilling.code")}</Th>
          <Th className="text-right">{t("opsBilling.amount")}</Th>
          <Th>{t("opsBilling.status")}</Th>
          <Th>{t("opsBilling.expires")}</Th>
          <Th>{t("opsBilling.created")}</Th>
        </tr>
      </thead>
      <tbody>
        {items.map((voucher) => (
          <tr key={voucher.id}>
            <Td>{voucher.label}</Td>
            <Td className="font-mono text-xs">{t("opsBilling.codeEnding", { hint: voucher.codeHint })}</Td>
            <Td className="text-right tabular-nums">{formatMoney(voucher.amountMinor, voucher.currency, locale)}</Td>
            <Td>
              {voucher.redeemedAt ? (
                <span title={formatDateTime(voucher.redeemedAt, locale)}>
                  <Badge tone="neutral">{t("opsBilling.redeemed")}</Badge>
                </span>
              ) : (
                <Badge tone="success">{t("opsBilling.unredeemed")}</Badge>
              )}
            </Td>
            <Td className="whitespace-nowrap text-muted-foreground">{voucher.expiresAt ? formatDateTime(voucher.expiresAt, locale) : t("opsBilling.never")}</Td>
            <Td className="whitespace-nowrap text-muted-foreground">{formatDateTime(voucher.createdAt, locale)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** The codes of a batch just made, with the warning that this is the only time they can be read. */
export function CreatedVoucherCodes({ label, codes, onDone }: { label: string; codes: string[]; onDone: () => void }) {
  const t = useT();
  return (
    <Card className="space-y-3 p-5" data-testid="created-voucher-codes">
      <h3 className="font-medium">{t("opsBilling.codesTitle", { count: codes.length, label })}</h3>
      <Notice tone="warning">{t("opsBilling.codesShownOnce")}</Notice>
      <pre className="max-h-64 overflow-auto rounded-md border border-border bg-muted p-3 font-mono text-sm select-all" tabIndex={0}>
        {codes.join("\n")}
      </pre>
      <div className="flex flex-wrap gap-2">
        <CopyButton value={codes.join("\n")} label={t("opsBilling.copyCodes")} copiedLabel={t("opsBilling.copied")} failedLabel={t("opsBilling.copyFailed")} />
        <Button size="sm" variant="ghost" onClick={onDone}>
          {t("opsBilling.codesDone")}
        </Button>
      </div>
    </Card>
  );
}

type Fields = { label: string; count: string; amount: string; currency: string; expiresAt: string };
const EMPTY: Fields = { label: "", count: "10", amount: "", currency: "USD", expiresAt: "" };

function NewBatchForm({ onCreated }: { onCreated: (batch: { label: string; codes: string[] }) => void }) {
  const t = useT();
  const create = useCreateVoucherBatch();
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const currency = fields.currency.trim().toUpperCase();

  function submit(event: FormEvent) {
    event.preventDefault();
    const next: Record<string, string> = {};
    const label = fields.label.trim();
    if (!label) next.label = t("opsBilling.invalidLabel");
    const count = /^\d{1,3}$/.test(fields.count.trim()) ? Number(fields.count.trim()) : 0;
    if (count < 1 || count > 500) next.count = t("opsBilling.invalidCount");
    if (!/^[A-Z]{3}$/.test(currency)) next.currency = t("opsBilling.invalidCurrency");
    const amount = parseMoneyInput(fields.amount, currency);
    if (amount === null || amount === "0") next.amount = t("opsBilling.invalidPositive", { decimals: minorExponent(currency) });
    const expiresAt = localInputToIso(fields.expiresAt);
    if (expiresAt === "invalid") next.expiresAt = t("opsBilling.invalidTime");
    setErrors(next);
    if (Object.keys(next).length > 0 || amount === null || expiresAt === "invalid") return;
    create.mutate(
      { label, count, amountMinor: amount, currency, ...(expiresAt ? { expiresAt } : {}) },
      {
        onSuccess: (batch) => {
          onCreated({ label, codes: batch.codes });
          setFields(EMPTY);
        },
        onError: (error) => {
          const server = serverFieldErrors(error);
          const mapped: Record<string, string> = {};
          for (const [key, message] of Object.entries(server)) if (message) mapped[key === "amountMinor" ? "amount" : key] = message;
          setErrors(mapped);
        },
      },
    );
  }

  return (
    <Card className="p-5">
      <form noValidate onSubmit={submit} className="space-y-4" aria-labelledby="new-batch-heading">
        <h3 id="new-batch-heading" className="font-medium">
          {t("opsBilling.newBatch")}
        </h3>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <TextField id="voucher-label" label={t("opsBilling.label")} value={fields.label} maxLength={100} error={errors.label} onChange={(e) => setFields({ ...fields, label: e.target.value })} />
          <TextField id="voucher-count" inputMode="numeric" label={t("opsBilling.count")} hint={t("opsBilling.countHint")} value={fields.count} error={errors.count} onChange={(e) => setFields({ ...fields, count: e.target.value })} />
          <TextField id="voucher-amount" inputMode="decimal" label={t("opsBilling.amount")} value={fields.amount} error={errors.amount} onChange={(e) => setFields({ ...fields, amount: e.target.value })} />
          <TextField id="voucher-currency" label={t("opsBilling.currency")} value={fields.currency} maxLength={3} error={errors.currency} onChange={(e) => setFields({ ...fields, currency: e.target.value })} />
          <TextField id="voucher-expires" type="datetime-local" label={t("opsBilling.expires")} hint={t("opsBilling.expiresHint")} value={fields.expiresAt} error={errors.expiresAt} onChange={(e) => setFields({ ...fields, expiresAt: e.target.value })} />
        </div>
        <div aria-live="polite">{create.isError ? <InlineError title={describeApiError(t, create.error)} /> : null}</div>
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {create.isPending ? t("opsBilling.creating") : t("opsBilling.createBatch")}
        </Button>
      </form>
    </Card>
  );
}

/** Vouchers (redeemed or not), paged, and making a batch whose codes are shown this once. */
export function VouchersSection() {
  const t = useT();
  const pages = useCursorPages();
  const vouchers = useOpsVouchers(pages.cursor, PAGE_SIZE);
  // Held in this component's state only: leaving the page or pressing "done" drops the codes for good.
  const [created, setCreated] = useState<{ label: string; codes: string[] } | null>(null);
  return (
    <BillingSection id="vouchers" title={t("opsBilling.tabVouchers")}>
      <div role="status" aria-live="polite">
        {created ? <CreatedVoucherCodes label={created.label} codes={created.codes} onDone={() => setCreated(null)} /> : null}
      </div>
      {vouchers.data ? (
        vouchers.data.items.length === 0 && !pages.hasPrevious ? (
          <EmptyState icon={<Icon name="card" />} title={t("opsBilling.vouchersEmpty")}>
            <p>{t("opsBilling.vouchersEmptyBody")}</p>
          </EmptyState>
        ) : (
          <>
            <VouchersTable items={vouchers.data.items} />
            <CursorPager
              label={t("opsBilling.vouchersPager")}
              summary={t("opsBilling.pageSummary", { page: pages.pageIndex + 1 })}
              previousLabel={t("opsBilling.previous")}
              nextLabel={t("opsBilling.next")}
              hasPrevious={pages.hasPrevious}
              nextCursor={vouchers.data.nextCursor}
              loading={vouchers.isPlaceholderData}
              onPrevious={pages.previous}
              onNext={pages.next}
            />
          </>
        )
      ) : (
        <QueryStatus query={vouchers} />
      )}
      <NewBatchForm
        onCreated={(batch) => {
          setCreated(batch);
          pages.reset();
        }}
      />
    </BillingSection>
  );
}
