import type { ReactNode } from "react";

import { Card } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";

/**
 * The card every chart sits in: a heading, a status line at the right (data age, a stale flag), the plot, and
 * below it a legend or a note. The plot area keeps its height in every state (loading, empty, drawn), so a
 * page of charts does not jump while they load.
 */
export function ChartFrame({
  title,
  status,
  footer,
  children,
  className,
  plotHeight = 208,
  headingLevel = 3,
  ...rest
}: {
  title: ReactNode;
  status?: ReactNode;
  footer?: ReactNode;
  children: ReactNode;
  className?: string;
  plotHeight?: number;
  headingLevel?: 2 | 3;
} & Record<`data-${string}`, string | number | boolean | undefined>) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <Card className={cx("flex min-w-0 flex-col gap-3 p-4", className)} {...rest}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <Heading className="text-sm font-semibold text-foreground">{title}</Heading>
        {status ? <div className="text-xs text-muted-foreground">{status}</div> : null}
      </div>
      <div className="relative min-w-0" style={{ height: plotHeight }}>
        {children}
      </div>
      {footer ? <div className="text-xs text-muted-foreground">{footer}</div> : null}
    </Card>
  );
}
