import type { Locale } from "@/lib/i18n/locales";
import { en, type Messages } from "@/lib/i18n/messages/en";
import { zhCN } from "@/lib/i18n/messages/zh-CN";

const dictionaries: Record<Locale, Messages> = { en, "zh-CN": zhCN };

/** The message dictionary for a locale. Both are small, so both are bundled rather than loaded lazily. */
export function messagesFor(locale: Locale): Messages {
  return dictionaries[locale];
}
