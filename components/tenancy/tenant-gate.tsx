"use client";

import { QueryError } from "@/components/layout/query-error";
import Link from "next/link";
import type { ReactNode } from "react";

import { BillingBanner } from "@/components/billing/billing-banner";
import { useSignInRedirect } from "@/components/layout/use-sign-in-redirect";
import { buttonStyles } from "@/components/ui/button-styles";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { LoadingBlock } from "@/components/ui/loading-block";
import { isSignedOutError, useWhoAmI } from "@/lib/client/use-who-am-i";
import { useT } from "@/lib/i18n/i18n-provider";

/**
 * Shows a tenant's screens only to a signed-in member of it. The session cookie is HttpOnly and the server has
 * no session lookup for pages yet, so this asks who-am-i from the browser: signed out → sign-in (and back), not a
 * member → a plain "no access" screen that does not say whether the tenant exists. The API enforces the same
 * rules on every call; this only spares people a page of errors.
 */
export function TenantGate({ tenant, children }: { tenant: string; children: ReactNode }) {
  const t = useT();
  const whoAmI = useWhoAmI();
  const signedOut = whoAmI.isError && isSignedOutError(whoAmI.error);
  useSignInRedirect(signedOut);

  if (whoAmI.isPending || signedOut) {
    return <LoadingBlock label={signedOut ? t("gate.redirecting") : t("common.loading")} lines={5} className="max-w-2xl" />;
  }
  if (whoAmI.isError) {
    return (
      <QueryError title={t("gate.sessionUnavailable")} error={whoAmI.error} onRetry={() => whoAmI.refetch()} />
    );
  }

  const member = whoAmI.data.tenants.some((item) => item.slug === tenant);
  if (!member) {
    const first = whoAmI.data.tenants[0];
    return (
      <EmptyState
        icon={<Icon name="hexagon" />}
        title={t("gate.noAccessTitle")}
        actions={
          first ? (
            <Link href={`/${encodeURIComponent(first.slug)}`} className={buttonStyles({ variant: "primary" })}>
              {t("gate.openTenant", { tenant: first.name })}
            </Link>
          ) : (
            <Link href="/account/new-tenant" className={buttonStyles({ variant: "primary" })}>
              {t("tenantSwitcher.create")}
            </Link>
          )
        }
      >
        <p>{t("gate.noAccessBody", { tenant })}</p>
      </EmptyState>
    );
  }
  return (
    <>
      <BillingBanner tenant={tenant} />
      {children}
    </>
  );
}
