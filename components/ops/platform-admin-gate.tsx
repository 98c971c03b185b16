"use client";

import { QueryError } from "@/components/layout/query-error";
import Link from "next/link";
import type { ReactNode } from "react";

import { useSignInRedirect } from "@/components/layout/use-sign-in-redirect";
import { buttonStyles } from "@/components/ui/button-styles";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { LoadingBlock } from "@/components/ui/loading-block";
import { firstDestination } from "@/lib/client/first-destination";
import { isSignedOutError, useWhoAmI } from "@/lib/client/use-who-am-i";
import { useT } from "@/lib/i18n/i18n-provider";

/**
 * The ops screens are for platform admins. Others get a clear screen saying so (the ops API answers them 403
 * anyway), and signed-out visitors go to sign-in first.
 */
export function PlatformAdminGate({ children }: { children: ReactNode }) {
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
  if (!whoAmI.data.platformAdmin) {
    return (
      <EmptyState
        icon={<Icon name="compass" />}
        title={t("gate.adminsOnlyTitle")}
        actions={
          <Link href={firstDestination(whoAmI.data)} className={buttonStyles({ variant: "primary" })}>
            {t("gate.backToConsole")}
          </Link>
        }
      >
        <p>{t("gate.adminsOnlyBody")}</p>
      </EmptyState>
    );
  }
  return <>{children}</>;
}
