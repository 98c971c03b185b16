"use client";

import Link from "next/link";

import { Badge } from "@/components/ui/badge";
import { useToast } from "@/components/ui/toast-provider";
import { Icon } from "@/components/ui/icon";
import { PopoverMenu } from "@/components/ui/popover-menu";
import { Skeleton } from "@/components/ui/skeleton";
import { describeApiError } from "@/lib/client/describe-api-error";
import { useSignOut, useWhoAmI } from "@/lib/client/use-who-am-i";
import { useT } from "@/lib/i18n/i18n-provider";

const itemStyles = "flex w-full items-center gap-2 rounded-md px-2.5 py-2 text-left hover:bg-muted focus-visible:bg-muted";

function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]![0], parts[parts.length - 1]![0]] : [name.trim().slice(0, 2)];
  return letters.join("").toUpperCase() || "?";
}

/** The signed-in user: name and email, a way to account security, and sign out. */
export function UserMenu({ tenant }: { tenant?: string }) {
  const t = useT();
  const toast = useToast();
  const whoAmI = useWhoAmI();
  const signOut = useSignOut();

  if (whoAmI.isPending) return <Skeleton className="size-9 rounded-full" />;
  if (!whoAmI.data) return null;

  const { user, tenants, platformAdmin } = whoAmI.data;
  // Security settings belong to the account, shown inside a tenant's settings; any tenant of the user will do.
  const securityTenant = tenant ?? tenants[0]?.slug;

  function onSignOut() {
    signOut.mutate(undefined, {
      // A full page load, not a client navigation: nothing of the signed-out user's state survives in memory.
      onSuccess: () => window.location.replace("/sign-in"),
      onError: (error) => toast("error", describeApiError(t, error)),
    });
  }

  return (
    <PopoverMenu
      triggerLabel={t("userMenu.open", { name: user.name })}
      triggerClassName="flex size-9 items-center justify-center rounded-full bg-primary text-xs font-semibold text-primary-foreground hover:bg-primary/90"
      trigger={<span aria-hidden="true">{initialsOf(user.name)}</span>}
    >
      <div>
        <div className="border-b border-border px-2.5 pt-1.5 pb-2.5">
          <p className="truncate font-medium">{user.name}</p>
          <p className="truncate text-xs text-muted-foreground">{user.email}</p>
          {platformAdmin ? <Badge className="mt-1.5">{t("userMenu.platformAdmin")}</Badge> : null}
        </div>
        <div className="pt-1">
          {securityTenant ? (
            <Link href={`/${encodeURIComponent(securityTenant)}/settings?tab=security`} className={itemStyles}>
              <Icon name="gear" className="size-4 text-muted-foreground" />
              {t("userMenu.security")}
            </Link>
          ) : null}
          <button type="button" className={itemStyles} onClick={onSignOut} disabled={signOut.isPending}>
            <Icon name="exit" className="size-4 text-muted-foreground" />
            {signOut.isPending ? t("userMenu.signingOut") : t("userMenu.signOut")}
          </button>
        </div>
      </div>
    </PopoverMenu>
  );
}
