import { Skeleton } from "@/components/ui/skeleton";
import { getTranslations } from "@/lib/i18n/get-translations";

/**
 * What a screen looks like while its server component loads: the outline of a page header and
 * a card, plus a status text so screen readers hear that something is happening.
 */
export async function RouteLoading() {
  const { t } = await getTranslations();
  return (
    <div className="space-y-8">
      <p role="status" className="sr-only">
        {t("common.loading")}
      </p>
      <div className="space-y-3 border-b border-border pb-6">
        <Skeleton className="h-7 w-48" />
        <Skeleton className="h-4 w-full max-w-md" />
      </div>
      <div className="space-y-3 rounded-xl border border-border bg-surface p-6">
        <Skeleton className="h-5 w-1/3" />
        <Skeleton className="h-4 w-full" />
        <Skeleton className="h-4 w-5/6" />
        <Skeleton className="h-4 w-2/3" />
      </div>
    </div>
  );
}
