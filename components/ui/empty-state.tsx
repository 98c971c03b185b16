import type { ReactNode } from "react";

import { cx } from "@/components/ui/cx";

/**
 * The frame for "nothing here (yet)": an icon, a heading, an explanation and optional actions.
 * It says why the space is empty instead of showing fake rows.
 */
export function EmptyState({
  icon,
  title,
  children,
  badge,
  actions,
  className,
  headingLevel = 2,
  size = "md",
}: {
  icon?: ReactNode;
  title: ReactNode;
  children?: ReactNode;
  badge?: ReactNode;
  actions?: ReactNode;
  className?: string;
  headingLevel?: 2 | 3;
  /** `lg` is for screens read from a distance, such as a wallboard. */
  size?: "md" | "lg";
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const large = size === "lg";
  return (
    <section
      className={cx(
        "flex flex-col items-center rounded-xl border border-dashed border-border-strong bg-surface px-6 py-14 text-center",
        className,
      )}
    >
      {icon ? (
        <div
          aria-hidden="true"
          className="mb-4 flex size-12 items-center justify-center rounded-full bg-muted text-muted-foreground [&_svg]:size-6"
        >
          {icon}
        </div>
      ) : null}
      {badge ? <div className="mb-3">{badge}</div> : null}
      <Heading className={cx("font-semibold text-foreground", large ? "text-2xl" : "text-base")}>{title}</Heading>
      {children ? (
        <div className={cx("mt-2 space-y-2 text-muted-foreground", large ? "max-w-2xl text-lg" : "max-w-lg text-sm")}>
          {children}
        </div>
      ) : null}
      {actions ? <div className="mt-6 flex flex-wrap items-center justify-center gap-2">{actions}</div> : null}
    </section>
  );
}
