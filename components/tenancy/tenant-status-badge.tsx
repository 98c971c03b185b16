"use client";

import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { TenantStatus } from "@/lib/contracts/tenants";
import { useT } from "@/lib/i18n/i18n-provider";

const tones: Record<TenantStatus, BadgeTone> = {
  provisioning: "info",
  active: "success",
  provisioning_failed: "danger",
  suspended: "warning",
  deleted: "neutral",
};

/** A tenant's lifecycle state in words, coloured to match. */
export function TenantStatusBadge({ status }: { status: TenantStatus }) {
  const t = useT();
  return <Badge tone={tones[status]}>{t(`tenantStatus.${status}`)}</Badge>;
}
