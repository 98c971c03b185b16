import type { Metadata } from "next";

import { ApiKeysSection } from "@/components/settings/api-keys-section";
import { AuditLogSection } from "@/components/settings/audit-log-section";
import { MembersSection } from "@/components/settings/members-section";
import { SecuritySection } from "@/components/settings/security-section";
import { isSettingsTab, SettingsTabs, type SettingsTab } from "@/components/settings/settings-tabs";
import { PageHeader } from "@/components/ui/page-header";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("settings.title") };
}

/** Members, API keys and audit log of the tenant, and the signed-in user's own security settings. */
export default async function SettingsPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ tenant }, query, { t }] = await Promise.all([params, searchParams, getTranslations()]);
  const tab: SettingsTab = isSettingsTab(query.tab) ? query.tab : "members";
  return (
    <div className="space-y-6">
      <PageHeader title={t("settings.title")} description={t("settings.description", { tenant })} />
      <SettingsTabs tenant={tenant} active={tab} />
      {tab === "members" ? <MembersSection tenant={tenant} /> : null}
      {tab === "api-keys" ? <ApiKeysSection tenant={tenant} /> : null}
      {tab === "audit" ? <AuditLogSection tenant={tenant} /> : null}
      {tab === "security" ? <SecuritySection /> : null}
    </div>
  );
}
