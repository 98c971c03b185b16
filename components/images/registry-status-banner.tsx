"use client";

import { formatDateTime, formatRelative } from "@/lib/client/format-timestamp";
import { useRegistryStatus } from "@/lib/client/use-registry-status";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

/**
 * Above the hub's screens while the image registry cannot be reached: pushes, pulls and tag deletions will fail,
 * what is listed is what Apiary last knew, and when the registry was last reachable. Shows nothing while it is
 * reachable or its state is unknown (the screen's own loading and error states speak for the list).
 */
export function RegistryStatusBanner({ tenant }: { tenant: string }) {
  const t = useT();
  const locale = useLocale();
  const status = useRegistryStatus(tenant);
  if (!status.data || status.data.reachable) return null;
  const { lastReachableAt } = status.data;

  return (
    <div
      role="alert"
      data-testid="registry-status-banner"
      className="rounded-lg border border-amber-600/30 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-400/25 dark:bg-amber-400/10 dark:text-amber-200"
    >
      <p className="font-semibold">{t("registryStatus.downTitle")}</p>
      <p className="mt-1">{t("registryStatus.downBody")}</p>
      {lastReachableAt ? (
        <p className="mt-1" title={formatDateTime(lastReachableAt, locale)}>
          {t("registryStatus.lastReachable", { when: formatRelative(lastReachableAt, locale) })}
        </p>
      ) : (
        <p className="mt-1">{t("registryStatus.neverReachable")}</p>
      )}
    </div>
  );
}
