import { cx } from "@/components/ui/cx";
import { Skeleton } from "@/components/ui/skeleton";

/** Grey lines where content is about to appear, with a status text for screen readers. */
export function LoadingBlock({ label, lines = 3, className }: { label: string; lines?: number; className?: string }) {
  return (
    <div className={cx("space-y-3", className)}>
      <p role="status" className="sr-only">
        {label}
      </p>
      {Array.from({ length: lines }, (_, index) => (
        <Skeleton key={index} className={cx("h-4", index === lines - 1 ? "w-2/3" : "w-full")} />
      ))}
    </div>
  );
}
