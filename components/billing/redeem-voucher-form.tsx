"use client";

import { useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { InlineError } from "@/components/ui/inline-error";
import { TextField } from "@/components/ui/text-field";
import { describeApiError } from "@/lib/client/describe-api-error";
import { useRedeemVoucher } from "@/lib/client/use-billing";
import { formatMoney } from "@/lib/format/format-money";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

/** A voucher code field; each submit is a new attempt with its own Idempotency-Key. Says what happened in words. */
export function RedeemVoucherForm({ tenant, canRedeem }: { tenant: string; canRedeem: boolean }) {
  const t = useT();
  const locale = useLocale();
  const redeem = useRedeemVoucher(tenant);
  const [code, setCode] = useState("");
  const [fieldError, setFieldError] = useState<string | undefined>();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = code.trim();
    if (trimmed.length < 4 || trimmed.length > 64) {
      setFieldError(t("billing.redeemCodeRequired"));
      return;
    }
    setFieldError(undefined);
    redeem.mutate({ code: trimmed, idempotencyKey: crypto.randomUUID() }, { onSuccess: () => setCode("") });
  }

  return (
    <Card className="space-y-4 p-5">
      <h2 className="text-base font-semibold">{t("billing.redeemHeading")}</h2>
      <form onSubmit={onSubmit} className="space-y-3" noValidate data-testid="redeem-voucher-form">
        <TextField
          id="voucher-code"
          label={t("billing.redeemCode")}
          hint={t("billing.redeemHint")}
          error={fieldError}
          value={code}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => setCode(event.target.value)}
          disabled={!canRedeem}
        />
        <Button type="submit" variant="primary" disabled={!canRedeem || redeem.isPending}>
          {redeem.isPending ? t("billing.redeeming") : t("billing.redeemSubmit")}
        </Button>
      </form>
      <div aria-live="polite" data-testid="redeem-result">
        {redeem.isSuccess ? (
          <p className="text-sm text-emerald-700 dark:text-emerald-300">
            {t("billing.redeemed", {
              amount: formatMoney(redeem.data.amountMinor, redeem.data.currency, locale),
              balance: formatMoney(redeem.data.balanceMinor, redeem.data.currency, locale),
            })}
          </p>
        ) : null}
        {redeem.isError ? (
          <InlineError title={t("billing.redeemFailed")}>
            {describeApiError(t, redeem.error, { not_found: t("billing.redeemNotFound"), conflict: t("billing.redeemConflict") })}
          </InlineError>
        ) : null}
      </div>
    </Card>
  );
}
