"use client";

import { useState, type FormEvent } from "react";

import { BillingSection, QueryStatus, localInputToIso } from "@/components/ops/billing/billing-section";
import { parseRateInput, rateToInput } from "@/components/ops/billing/billing-amounts";
import { formatMicroMoney, minorExponent } from "@/lib/format/format-money";
import { Badge } from "@/components/ui/badge";
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
import { useCreatePriceCard, useOpsPriceCards } from "@/lib/client/use-ops-billing";
import type { PriceCard } from "@/lib/contracts/ops-billing";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

/** The price card versions, newest first, the one in force marked; rates as money per unit. */
export function PriceCardsTable({ items, currentVersion, nowMs }: { items: PriceCard[]; currentVersion: number; nowMs: number }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Table caption={t("opsBilling.pricesHeading")}>
      <thead>
        <tr>
          <Th>{t("opsBilling.version")}</Th>
          <Th>{t("opsBilling.effectiveFrom")}</Th>
          <Th className="text-right">{t("opsBilling.cpuRate")}</Th>
          <Th className="text-right">{t("opsBilling.memoryRate")}</Th>
          <Th className="text-right">{t("opsBilling.volumeRate")}</Th>
          <Th>{t("opsBilling.note")}</Th>
        </tr>
      </thead>
      <tbody>
        {items.map((card) => (
          <tr key={card.version} data-version={card.version}>
            <Td className="whitespace-nowrap">
              <span className="mr-2 tabular-nums">v{card.version}</span>
              {card.version === currentVersion ? (
                <Badge tone="success">{t("opsBilling.current")}</Badge>
              ) : new Date(card.effectiveFrom).getTime() > nowMs ? (
                <Badge tone="info">{t("opsBilling.scheduled")}</Badge>
              ) : null}
            </Td>
            <Td className="whitespace-nowrap text-muted-foreground">{formatDateTime(card.effectiveFrom, locale)}</Td>
            <Td className="text-right tabular-nums">{formatMicroMoney(card.cpuMicroMinorPerVcpuHour, card.currency, locale)}</Td>
            <Td className="text-right tabular-nums">{formatMicroMoney(card.memoryMicroMinorPerGiBHour, card.currency, locale)}</Td>
            <Td className="text-right tabular-nums">{formatMicroMoney(card.volumeMicroMinorPerGiBMonth, card.currency, locale)}</Td>
            <Td className="max-w-56 truncate text-muted-foreground" title={card.note ?? undefined}>
              {card.note ?? "—"}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

type Fields = { currency: string; cpu: string; memory: string; volume: string; effectiveFrom: string; note: string };

function NewPriceCardForm({ current }: { current: PriceCard | null }) {
  const t = useT();
  const toast = useToast();
  const create = useCreatePriceCard();
  const [fields, setFields] = useState<Fields>(() => ({
    currency: current?.currency ?? "USD",
    cpu: current ? rateToInput(current.cpuMicroMinorPerVcpuHour, current.currency) : "",
    memory: current ? rateToInput(current.memoryMicroMinorPerGiBHour, current.currency) : "",
    volume: current ? rateToInput(current.volumeMicroMinorPerGiBMonth, current.currency) : "",
    effectiveFrom: "",
    note: "",
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const currency = fields.currency.trim().toUpperCase();
  const decimals = minorExponent(currency) + 6;

  function set(name: keyof Fields, value: string) {
    setFields((old) => ({ ...old, [name]: value }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!/^[A-Z]{3}$/.test(currency)) next.currency = t("opsBilling.invalidCurrency");
    const cpu = parseRateInput(fields.cpu, currency);
    const memory = parseRateInput(fields.memory, currency);
    const volume = parseRateInput(fields.volume, currency);
    if (cpu === null) next.cpu = t("opsBilling.invalidRate", { decimals });
    if (memory === null) next.memory = t("opsBilling.invalidRate", { decimals });
    if (volume === null) next.volume = t("opsBilling.invalidRate", { decimals });
    const effectiveFrom = localInputToIso(fields.effectiveFrom);
    if (effectiveFrom === "invalid") next.effectiveFrom = t("opsBilling.invalidTime");
    setErrors(next);
    if (Object.keys(next).length > 0 || cpu === null || memory === null || volume === null || effectiveFrom === "invalid") return;
    create.mutate(
      {
        currency,
        cpuMicroMinorPerVcpuHour: cpu,
        memoryMicroMinorPerGiBHour: memory,
        volumeMicroMinorPerGiBMonth: volume,
        ...(effectiveFrom ? { effectiveFrom } : {}),
        ...(fields.note.trim() ? { note: fields.note.trim() } : {}),
      },
      {
        onSuccess: (card) => {
          toast("success", t("opsBilling.priceCardAdded", { version: card.version }));
          setFields((old) => ({ ...old, effectiveFrom: "", note: "" }));
        },
        onError: (error) => {
          const server = serverFieldErrors(error);
          setErrors({
            ...(server.currency ? { currency: server.currency } : {}),
            ...(server.cpuMicroMinorPerVcpuHour ? { cpu: server.cpuMicroMinorPerVcpuHour } : {}),
            ...(server.memoryMicroMinorPerGiBHour ? { memory: server.memoryMicroMinorPerGiBHour } : {}),
            ...(server.volumeMicroMinorPerGiBMonth ? { volume: server.volumeMicroMinorPerGiBMonth } : {}),
            ...(server.effectiveFrom ? { effectiveFrom: /past/i.test(server.effectiveFrom) ? t("opsBilling.effectiveInPast") : server.effectiveFrom } : {}),
            ...(server.note ? { note: server.note } : {}),
          });
        },
      },
    );
  }

  const rateHint = t("opsBilling.rateHint", { currency: currency || "—", decimals });
  return (
    <Card className="p-5">
      <form noValidate onSubmit={submit} className="space-y-4" aria-labelledby="new-price-card-heading">
        <div>
          <h3 id="new-price-card-heading" className="font-medium">
            {t("opsBilling.newPriceCard")}
          </h3>
          <p className="text-sm text-muted-foreground">{t("opsBilling.newPriceCardHint")}</p>
        </div>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <TextField id="price-currency" label={t("opsBilling.currency")} value={fields.currency} maxLength={3} error={errors.currency} onChange={(e) => set("currency", e.target.value)} />
          <TextField id="price-effective" type="datetime-local" label={t("opsBilling.effectiveFrom")} hint={t("opsBilling.effectiveHint")} value={fields.effectiveFrom} error={errors.effectiveFrom} onChange={(e) => set("effectiveFrom", e.target.value)} />
          <TextField id="price-note" label={t("opsBilling.note")} value={fields.note} maxLength={200} error={errors.note} onChange={(e) => set("note", e.target.value)} />
          <TextField id="price-cpu" inputMode="decimal" label={t("opsBilling.cpuRate")} hint={rateHint} value={fields.cpu} error={errors.cpu} onChange={(e) => set("cpu", e.target.value)} />
          <TextField id="price-memory" inputMode="decimal" label={t("opsBilling.memoryRate")} hint={rateHint} value={fields.memory} error={errors.memory} onChange={(e) => set("memory", e.target.value)} />
          <TextField id="price-volume" inputMode="decimal" label={t("opsBilling.volumeRate")} hint={rateHint} value={fields.volume} error={errors.volume} onChange={(e) => set("volume", e.target.value)} />
        </div>
        <div aria-live="polite">{create.isError ? <InlineError title={describeApiError(t, create.error)} /> : null}</div>
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {create.isPending ? t("opsBilling.adding") : t("opsBilling.addPriceCard")}
        </Button>
      </form>
    </Card>
  );
}

/** Price book: every version and a form for the next one. */
export function PriceBookSection() {
  const t = useT();
  const cards = useOpsPriceCards();
  const [nowMs] = useState(() => Date.now());
  return (
    <BillingSection id="price-book" title={t("opsBilling.tabPrices")}>
      {cards.data ? (
        <>
          {cards.data.items.length === 0 ? (
            <EmptyState icon={<Icon name="card" />} title={t("opsBilling.pricesEmpty")}>
              <p>{t("opsBilling.pricesEmptyBody")}</p>
            </EmptyState>
          ) : (
            <PriceCardsTable items={cards.data.items} currentVersion={cards.data.current.version} nowMs={nowMs} />
          )}
          <NewPriceCardForm key={cards.data.current.version} current={cards.data.current} />
        </>
      ) : (
        <QueryStatus query={cards} />
      )}
    </BillingSection>
  );
}
