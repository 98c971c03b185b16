import { Badge } from "@/components/ui/badge";
import { useT } from "@/lib/i18n/i18n-provider";

/** "Public" or "Private": the tone is a hint, the word says it. */
export function RepositoryVisibilityBadge({ isPublic }: { isPublic: boolean }) {
  const t = useT();
  return <Badge tone={isPublic ? "info" : "neutral"}>{isPublic ? t("images.public") : t("images.private")}</Badge>;
}
