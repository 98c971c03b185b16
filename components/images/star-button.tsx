"use client";

import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast-provider";
import { describeApiError } from "@/lib/client/describe-api-error";
import type { RepositoryStar } from "@/lib/contracts/images";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

type StarMutation = { mutate: (starred: boolean, options: { onError: (error: unknown) => void }) => void; isPending: boolean; variables?: boolean; data?: RepositoryStar };

/**
 * A toggle for the signed-in person's star, with the repository's count. While the change is on its way the button
 * shows the state asked for; a refusal is reported in a toast and the list's own data takes over again.
 */
export function StarButton({ fullName, starred, starCount, mutation }: { fullName: string; starred: boolean; starCount: number; mutation: StarMutation }) {
  const t = useT();
  const locale = useLocale();
  const toast = useToast();
  const shownStarred = mutation.isPending && mutation.variables !== undefined ? mutation.variables : starred;
  const shownCount = mutation.isPending && mutation.variables !== undefined && mutation.variables !== starred ? starCount + (mutation.variables ? 1 : -1) : starCount;
  return (
    <Button
      size="sm"
      variant="ghost"
      aria-pressed={shownStarred}
      aria-label={t(shownStarred ? "images.unstarLabel" : "images.starLabel", { name: fullName, count: shownCount })}
      disabled={mutation.isPending}
      onClick={() => mutation.mutate(!shownStarred, { onError: (error) => toast("error", `${t("images.starFailed")}: ${describeApiError(t, error)}`) })}
      className="gap-1.5 tabular-nums"
    >
      <span aria-hidden="true" className={shownStarred ? "text-amber-500" : "text-muted-foreground"}>
        {shownStarred ? "★" : "☆"}
      </span>
      {new Intl.NumberFormat(locale).format(shownCount)}
    </Button>
  );
}
