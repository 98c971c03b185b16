"use client";

import Link from "next/link";

import { Button } from "@/components/ui/button";
import { buttonStyles } from "@/components/ui/button-styles";
import { useTenantAccess } from "@/lib/client/use-tenant-access";
import { useT } from "@/lib/i18n/i18n-provider";

/** "Deploy": a link to the deploy form, or a disabled button saying why when the role cannot deploy. */
export function DeployButton({ tenant }: { tenant: string }) {
  const t = useT();
  const { can, isPending } = useTenantAccess(tenant);
  if (isPending || !can("deployments:write")) {
    return (
      <Button variant="primary" disabled={isPending} disabledReason={isPending ? undefined : t("deployments.cannotWrite")}>
        {t("deployments.deploy")}
      </Button>
    );
  }
  return (
    <Link href={`/${tenant}/deployments/new`} className={buttonStyles({ variant: "primary" })}>
      {t("deployments.deploy")}
    </Link>
  );
}
