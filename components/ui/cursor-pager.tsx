"use client";

import { Button } from "@/components/ui/button";

/** "1–25 of 240" with Previous and Next, below a paginated list. Labels come from the list (no words here). */
export function CursorPager({
  label,
  summary,
  previousLabel,
  nextLabel,
  hasPrevious,
  nextCursor,
  loading,
  onPrevious,
  onNext,
}: {
  label: string;
  summary: string;
  previousLabel: string;
  nextLabel: string;
  hasPrevious: boolean;
  /** The server's cursor of the next page; null on the last page. */
  nextCursor: string | null;
  /** The shown page is a placeholder while the next one loads: do not page on from it. */
  loading: boolean;
  onPrevious: () => void;
  onNext: (cursor: string) => void;
}) {
  return (
    <nav aria-label={label} className="flex items-center justify-between gap-3 text-sm text-muted-foreground">
      <p aria-live="polite">{summary}</p>
      <div className="flex gap-2">
        <Button size="sm" disabled={!hasPrevious} onClick={onPrevious}>
          {previousLabel}
        </Button>
        <Button size="sm" disabled={!nextCursor || loading} onClick={() => nextCursor && onNext(nextCursor)}>
          {nextLabel}
        </Button>
      </div>
    </nav>
  );
}
