"use client";

import { useRouter } from "next/navigation";
import { useTransition, type ChangeEvent } from "react";

import { cx } from "@/components/ui/cx";
import { Icon } from "@/components/ui/icon";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";
import { isLocale, localeCookieMaxAgeSeconds, localeCookieName, locales } from "@/lib/i18n/locales";

/**
 * The header's language picker. A native `<select>` because it is keyboard- and screen-reader
 * friendly for free. The choice goes into a cookie and the server re-renders the page in the new
 * language (`router.refresh()` keeps client state such as scroll position and open menus).
 */
export function LanguageSwitch({ className }: { className?: string }) {
  const t = useT();
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  function onChange(event: ChangeEvent<HTMLSelectElement>) {
    const next = event.target.value;
    if (!isLocale(next)) return;
    const secure = window.location.protocol === "https:" ? "; secure" : "";
    document.cookie = `${localeCookieName}=${next}; path=/; max-age=${localeCookieMaxAgeSeconds}; samesite=lax${secure}`;
    startTransition(() => router.refresh());
  }

  return (
    <div className={cx("relative", className)}>
      <Icon
        name="globe"
        className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground"
      />
      <select
        // Keyed by locale so the uncontrolled select re-syncs when the refreshed page arrives,
        // without snapping back to the old language while the refresh is in flight.
        key={locale}
        defaultValue={locale}
        aria-label={t("header.language")}
        aria-busy={pending || undefined}
        onChange={onChange}
        className={cx(
          "h-9 cursor-pointer appearance-none rounded-md border border-border-strong bg-surface py-0 pr-8 pl-8 text-sm",
          "text-foreground shadow-xs transition-colors hover:bg-muted",
          pending && "opacity-70",
        )}
      >
        {locales.map((option) => (
          <option key={option} value={option} lang={option}>
            {t(`locale.${option}`)}
          </option>
        ))}
      </select>
      <Icon
        name="chevronsUpDown"
        className="pointer-events-none absolute top-1/2 right-2.5 size-3.5 -translate-y-1/2 text-muted-foreground"
      />
    </div>
  );
}
