import type { ComponentPropsWithoutRef, ReactNode } from "react";

import { cx } from "@/components/ui/cx";

/** A data table that scrolls sideways on narrow screens instead of squeezing its columns. */
export function Table({ caption, children, className }: { caption: ReactNode; children: ReactNode; className?: string }) {
  return (
    <div className={cx("overflow-x-auto rounded-xl border border-border bg-surface shadow-xs", className)}>
      <table className="w-full border-collapse text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export function Th({ className, ...props }: ComponentPropsWithoutRef<"th">) {
  return (
    <th
      scope="col"
      className={cx("border-b border-border bg-muted/50 px-4 py-2.5 text-xs font-medium whitespace-nowrap text-muted-foreground", className)}
      {...props}
    />
  );
}

export function Td({ className, ...props }: ComponentPropsWithoutRef<"td">) {
  return <td className={cx("border-b border-border px-4 py-3 align-middle [tr:last-child>&]:border-b-0", className)} {...props} />;
}
