"use client";

import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { TenantBalance } from "@/lib/contracts/billing";

type BillingState = TenantBalance["state"];
import { useT } from "@/lib/i18n/i18n-provider";

const TONE: Record<BillingState, BadgeTone> = { ok: "success", low: "warning", warned: "danger", suspended: "danger" };

/** ok / low / warned / suspended in words and colour. */
export function BillingStateBadge({ state }: { state: BillingState }) {
  const t = useT();
  return (
    <span data-testid="billing-state" data-state={state}>
      <Badge tone={TONE[state]}>{t(`billing.states.${state}`)}</Badge>
    </span>
  );
}
