import { cx } from "@/components/ui/cx";

/** A grey placeholder block shown while content loads; hidden from assistive tech, which gets a status text instead. */
export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden="true" className={cx("animate-pulse rounded-md bg-muted", className)} />;
}
