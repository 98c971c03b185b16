import { notFound } from "next/navigation";
import type { ReactNode } from "react";

import { AppShell } from "@/components/layout/app-shell";
import { TenantGate } from "@/components/tenancy/tenant-gate";

/*
 * A slug becomes part of the namespace `t-<slug>`, so it is a lowercase DNS label of at most 61
 * characters. Rejecting other shapes here keeps stray requests (`/favicon.ico`, typos with
 * capitals) from rendering a console for a tenant that cannot exist. Membership is checked by
 * the BFF on every API call; TenantGate only keeps signed-out visitors and non-members from a
 * screen full of errors (sign-in, or a "no access" page).
 */
const tenantSlugShape = /^[a-z0-9](?:[a-z0-9-]{0,59}[a-z0-9])?$/;

export default async function TenantLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ tenant: string }>;
}) {
  const { tenant } = await params;
  if (!tenantSlugShape.test(tenant)) notFound();
  return (
    <AppShell tenant={tenant}>
      <TenantGate tenant={tenant}>{children}</TenantGate>
    </AppShell>
  );
}
