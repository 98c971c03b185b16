"use client";

import { useState, type FormEvent } from "react";

import { BillingSection, QueryStatus } from "@/components/ops/billing/billing-section";
import { parseMoneyInput } from "@/components/ops/billing/billing-amounts";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { InlineError } from "@/components/ui/inline-error";
import { Table, Td, Th } from "@/components/ui/table";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toast-provider";
import { describeApiError } from "@/lib/client/describe-api-error";
import { formatDateTime } from "@/lib/client/format-timestamp";
import { serverFieldErrors } from "@/lib/client/server-field-errors";
import { useCreatePlanVersion, useOpsPlans } from "@/lib/client/use-ops-billing";
import { formatMoney, minorExponent } from "@/lib/format/format-money";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

const WHOLE_FIELDS = ["requestsCpuMillicores", "requestsMemoryMiB", "limitsCpuMillicores", "limitsMemoryMiB", "pods", "volumes"] as const;
type WholeField = (typeof WHOLE_FIELDS)[number];
type Fields = Record<WholeField | "name" | "includedCredit" | "currency", string>;

const EMPTY: Fields = {
  name: "",
  requestsCpuMillicores: "",
  requestsMemoryMiB: "",
  limitsCpuMillicores: "",
  limitsMemoryMiB: "",
  pods: "",
  volumes: "",
  includedCredit: "0",
  currency: "USD",
};

function NewPlanForm() {
  const t = useT();
  const toast = useToast();
  const create = useCreatePlanVersion();
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const currency = fields.currency.trim().toUpperCase();
  const labels: Record<WholeField, string> = {
    requestsCpuMillicores: t("opsBilling.requestsCpu"),
    requestsMemoryMiB: t("opsBilling.requestsMemory"),
    limitsCpuMillicores: t("opsBilling.limitsCpu"),
    limitsMemoryMiB: t("opsBilling.limitsMemory"),
    pods: t("opsBilling.pods"),
    volumes: t("opsBilling.volumes"),
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    const next: Record<string, string> = {};
    const name = fields.name.trim();
    if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(name)) next.name = t("opsBilling.invalidPlanName");
    if (!/^[A-Z]{3}$/.test(currency)) next.currency = t("opsBilling.invalidCurrency");
    const numbers = {} as Record<WholeField, number>;
    for (const field of WHOLE_FIELDS) {
      const text = fields[field].trim();
      if (!/^\d{1,8}$/.test(text)) next[field] = t("opsBilling.invalidWhole");
      else numbers[field] = Number(text);
    }
    const included = parseMoneyInput(fields.includedCredit, currency);
    if (included === null) next.includedCredit = t("opsBilling.invalidAmount", { decimals: minorExponent(currency) });
    setErrors(next);
    if (Object.keys(next).length > 0 || included === null) return;
    create.mutate(
      { name, currency, includedCreditMinor: included, ...numbers },
      {
        onSuccess: (plan) => {
          toast("success", t("opsBilling.planAdded", { name: plan.name, version: plan.version }));
          setFields(EMPTY);
        },
        onError: (error) => {
          const server = serverFieldErrors(error);
          const mapped: Record<string, string> = {};
          for (const [key, message] of Object.entries(server)) if (message) mapped[key === "includedCreditMinor" ? "includedCredit" : key] = message;
          setErrors(mapped);
        },
      },
    );
  }

  return (
    <Card className="p-5">
      <form noValidate onSubmit={submit} className="space-y-4" aria-labelledby="new-plan-heading">
        <div>
          <h3 id="new-plan-heading" className="font-medium">
            {t("opsBilling.newPlan")}
          </h3>
          <p className="text-sm text-muted-foreground">{t("opsBilling.newPlanHint")}</p>
        </div>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <TextField id="plan-name" label={t("opsBilling.planName")} value={fields.name} error={errors.name} autoComplete="off" onChange={(e) => setFields({ ...fields, name: e.target.value })} />
          <TextField id="plan-currency" label={t("opsBilling.currency")} value={fields.currency} maxLength={3} error={errors.currency} onChange={(e) => setFields({ ...fields, currency: e.target.value })} />
          <TextField id="plan-included" inputMode="decimal" label={t("opsBilling.includedCredit")} value={fields.includedCredit} error={errors.includedCredit} onChange={(e) => setFields({ ...fields, includedCredit: e.target.value })} />
          {WHOLE_FIELDS.map((field) => (
            <TextField key={field} id={`plan-${field}`} inputMode="numeric" label={labels[field]} value={fields[field]} error={errors[field]} onChange={(e) => setFields({ ...fields, [field]: e.target.value })} />
          ))}
        </div>
        <div aria-live="polite">{create.isError ? <InlineError title={describeApiError(t, create.error)} /> : null}</div>
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {create.isPending ? t("opsBilling.adding") : t("opsBilling.addPlan")}
        </Button>
      </form>
    </Card>
  );
}

/** Plans at their latest version and a form for a new plan or version. */
export function PlansSection() {
  const t = useT();
  const locale = useLocale();
  const plans = useOpsPlans();
  return (
    <BillingSection id="plans" title={t("opsBilling.tabPlans")}>
      {plans.data ? (
        plans.data.items.length === 0 ? (
          <EmptyState icon={<Icon name="layers" />} title={t("opsBilling.plansEmpty")}>
            <p>{t("opsBilling.plansEmptyBody")}</p>
          </EmptyState>
        ) : (
          <Table caption={t("opsBilling.plansHeading")}>
            <thead>
              <tr>
                <Th>{t("opsBilling.planName")}</Th>
                <Th>{t("opsBilling.version")}</Th>
                <Th>{t("opsBilling.requests")}</Th>
                <Th>{t("opsBilling.limits")}</Th>
                <Th className="text-right">{t("opsBilling.pods")}</Th>
                <Th className="text-right">{t("opsBilling.volumes")}</Th>
                <Th className="text-right">{t("opsBilling.includedCredit")}</Th>
                <Th className="text-right">{t("opsBilling.tenantCount")}</Th>
                <Th>{t("opsBilling.effectiveFrom")}</Th>
              </tr>
            </thead>
            <tbody>
              {plans.data.items.map((plan) => (
                <tr key={plan.name}>
                  <Td className="font-medium">{plan.name}</Td>
                  <Td className="tabular-nums">v{plan.version}</Td>
                  <Td className="whitespace-nowrap tabular-nums">
                    {plan.requestsCpuMillicores}m / {plan.requestsMemoryMiB} MiB
                  </Td>
                  <Td className="whitespace-nowrap tabular-nums">
                    {plan.limitsCpuMillicores}m / {plan.limitsMemoryMiB} MiB
                  </Td>
                  <Td className="text-right tabular-nums">{plan.pods}</Td>
                  <Td className="text-right tabular-nums">{plan.volumes}</Td>
                  <Td className="text-right tabular-nums">{formatMoney(plan.includedCreditMinor, plan.currency, locale)}</Td>
                  <Td className="text-right tabular-nums">{plan.tenantCount}</Td>
                  <Td className="whitespace-nowrap text-muted-foreground">{formatDateTime(plan.effectiveFrom, locale)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )
      ) : (
        <QueryStatus query={plans} />
      )}
      <NewPlanForm />
    </BillingSection>
  );
}
