import type { ComponentPropsWithoutRef } from "react";

import { cx } from "@/components/ui/cx";

/** A bordered surface that groups related content. */
export function Card({ className, ...props }: ComponentPropsWithoutRef<"div">) {
  return <div className={cx("rounded-xl border border-border bg-surface shadow-xs", className)} {...props} />;
}
