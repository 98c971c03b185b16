import type { ReactNode } from "react";

import { cx } from "@/components/ui/cx";
import { Icon } from "@/components/ui/icon";

/** A failure shown where the content would be, with an optional action (usually "Try again"). */
export function InlineError({ title, children, action, className }: { title: ReactNode; children?: ReactNode; action?: ReactNode; className?: string }) {
  return (
    <div
      role="alert"
      className={cx(
        "flex items-start gap-3 rounded-lg border border-red-600/25 bg-red-50 px-4 py-3 text-sm text-red-900",
        "dark:border-red-400/25 dark:bg-red-400/10 dark:text-red-200",
        className,
      )}
    >
      <Icon name="alert" className="mt-0.5 size-4 shrink-0" />
      <div className="min-w-0 flex-1 space-y-1">
        <p className="font-medium">{title}</p>
        {children ? <div className="break-words">{children}</div> : null}
      </div>
      {action ? <div className="shrink-0">{action}</div> : null}
    </div>
  );
}
