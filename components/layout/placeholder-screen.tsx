import type { ReactNode } from "react";

import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon, type IconName } from "@/components/ui/icon";
import { PageHeader } from "@/components/ui/page-header";
import { getTranslations } from "@/lib/i18n/get-translations";
import type { Messages } from "@/lib/i18n/messages/en";
import type { MessageValues } from "@/lib/i18n/translate";

type ScreenMessages = {
  title: string;
  description: string;
  placeholderTitle: string;
  placeholderBody: string;
  placeholderRelease: string;
};

/** Message groups that describe a whole not-yet-built screen (`deployments`, `opsNodes`, …). */
export type PlaceholderScreenKey = {
  [K in keyof Messages]: Messages[K] extends ScreenMessages ? K : never;
}[keyof Messages];

/**
 * An honest stand-in for a screen that a later release fills: its real title, then a card that
 * says what will be here and which release brings it. It never shows sample data.
 */
export async function PlaceholderScreen({
  screen,
  icon,
  values,
  title,
  actions,
}: {
  screen: PlaceholderScreenKey;
  icon: IconName;
  /** Values for `{placeholders}` in the screen's messages, e.g. `{ tenant }`. */
  values?: MessageValues;
  /** Overrides the translated title, for screens titled by the object they show. */
  title?: ReactNode;
  actions?: ReactNode;
}) {
  const { t } = await getTranslations();
  return (
    <div className="space-y-8">
      <PageHeader
        title={title ?? t(`${screen}.title`, values)}
        description={t(`${screen}.description`, values)}
        actions={actions}
      />
      <EmptyState
        icon={<Icon name={icon} />}
        badge={<Badge tone="warning">{t("common.notAvailableYet")}</Badge>}
        title={t(`${screen}.placeholderTitle`, values)}
      >
        <p>{t(`${screen}.placeholderBody`, values)}</p>
        <p className="font-medium text-foreground">{t(`${screen}.placeholderRelease`, values)}</p>
      </EmptyState>
    </div>
  );
}
