import Link from "next/link";

import { cx } from "@/components/ui/cx";
import { getTranslations } from "@/lib/i18n/get-translations";
import type { MessageKey } from "@/lib/i18n/translate";

export const SETTINGS_TABS = ["members", "api-keys", "audit", "security"] as const;
export type SettingsTab = (typeof SETTINGS_TABS)[number];

const labels: Record<SettingsTab, MessageKey> = {
  members: "settings.tabs.members",
  "api-keys": "settings.tabs.apiKeys",
  audit: "settings.tabs.audit",
  security: "settings.tabs.security",
};

export function isSettingsTab(value: unknown): value is SettingsTab {
  return typeof value === "string" && (SETTINGS_TABS as readonly string[]).includes(value);
}

/**
 * The settings sections as links (`?tab=…`) rather than a script-driven tab widget: each section has its own
 * address to share or bookmark, and the keyboard and back button work as for any navigation.
 */
export async function SettingsTabs({ tenant, active }: { tenant: string; active: SettingsTab }) {
  const { t } = await getTranslations();
  const base = `/${encodeURIComponent(tenant)}/settings`;
  return (
    <nav aria-label={t("settings.sections")} className="-mb-px flex gap-1 overflow-x-auto border-b border-border">
      {SETTINGS_TABS.map((tab) => (
        <Link
          key={tab}
          href={`${base}?tab=${tab}`}
          aria-current={tab === active ? "page" : undefined}
          className={cx(
            "border-b-2 px-3 py-2.5 text-sm font-medium whitespace-nowrap transition-colors",
            tab === active ? "border-brand text-foreground" : "border-transparent text-muted-foreground hover:text-foreground",
          )}
        >
          {t(labels[tab])}
        </Link>
      ))}
    </nav>
  );
}
