import type { ReactNode } from "react";

import { cx } from "@/components/ui/cx";

export type NoticeTone = "info" | "warning";

const tones: Record<NoticeTone, string> = {
  info: "border-sky-600/25 bg-sky-50 text-sky-900 dark:border-sky-400/25 dark:bg-sky-400/10 dark:text-sky-200",
  warning:
    "border-amber-600/30 bg-amber-50 text-amber-900 dark:border-amber-400/25 dark:bg-amber-400/10 dark:text-amber-200",
};

/**
 * An inline message about the result of an action. To have it announced, render it inside a
 * live region that already exists (`<div role="status">`): screen readers miss regions that
 * appear together with their content.
 */
export function Notice({ tone = "info", children, className }: { tone?: NoticeTone; children: ReactNode; className?: string }) {
  return (
    <div className={cx("rounded-md border px-3.5 py-3 text-sm", tones[tone], className)}>
      {children}
    </div>
  );
}
