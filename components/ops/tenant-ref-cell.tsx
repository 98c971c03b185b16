"use client";

import type { z } from "zod";

import type { TenantRef } from "@/lib/contracts/ops-monitoring";
import { useT } from "@/lib/i18n/i18n-provider";

/** The tenant a namespace belongs to, or "platform" for one no tenant owns, with the namespace beneath. */
export function TenantRefCell({ tenant, namespace }: { tenant: z.infer<typeof TenantRef>; namespace: string }) {
  const t = useT();
  return (
    <>
      <span className="block font-medium">{tenant ? tenant.name : t("opsOverview.platformNamespace")}</span>
      <span className="font-mono text-xs text-muted-foreground">{namespace}</span>
    </>
  );
}
