"use client";

import { cx } from "@/components/ui/cx";
import { countChanges, sideBySide, type SideBySideRow } from "@/lib/client/line-diff";
import { useT } from "@/lib/i18n/i18n-provider";

const cellTone: Record<SideBySideRow["kind"], { left: string; right: string }> = {
  same: { left: "", right: "" },
  removed: { left: "bg-red-50 dark:bg-red-400/10", right: "bg-muted/40" },
  added: { left: "bg-muted/40", right: "bg-emerald-50 dark:bg-emerald-400/10" },
  changed: { left: "bg-red-50 dark:bg-red-400/10", right: "bg-emerald-50 dark:bg-emerald-400/10" },
};

/** Two pod templates side by side, changed lines tinted (and marked − / + for readers who do not see colour). */
export function TemplateDiff({ before, after, beforeLabel, afterLabel }: { before: string; after: string; beforeLabel: string; afterLabel: string }) {
  const t = useT();
  const rows = sideBySide(before, after);
  const changes = countChanges(rows);
  return (
    <div className="space-y-2">
      <p className="text-sm text-muted-foreground" data-testid="diff-summary">
        {changes === 0 ? t("rollouts.diffIdentical") : t("rollouts.diffChanges", { count: changes })}
      </p>
      <div className="max-h-96 overflow-auto rounded-lg border border-border">
        <table className="w-full border-collapse font-mono text-xs leading-5">
          <caption className="sr-only">{t("rollouts.diffCaption", { before: beforeLabel, after: afterLabel })}</caption>
          <thead className="sticky top-0 bg-surface-raised">
            <tr>
              <th scope="col" colSpan={2} className="border-b border-border px-2 py-1.5 text-left font-sans font-medium text-muted-foreground">
                {beforeLabel}
              </th>
              <th scope="col" colSpan={2} className="border-b border-l border-border px-2 py-1.5 text-left font-sans font-medium text-muted-foreground">
                {afterLabel}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={index}>
                <td className={cx("w-8 px-1.5 text-right text-muted-foreground select-none", cellTone[row.kind].left)}>{row.left?.number ?? ""}</td>
                <td className={cx("px-2 whitespace-pre", cellTone[row.kind].left)}>
                  {row.left && row.kind !== "same" ? <span className="sr-only">− </span> : null}
                  {row.left?.text ?? ""}
                </td>
                <td className={cx("w-8 border-l border-border px-1.5 text-right text-muted-foreground select-none", cellTone[row.kind].right)}>{row.right?.number ?? ""}</td>
                <td className={cx("px-2 whitespace-pre", cellTone[row.kind].right)}>
                  {row.right && row.kind !== "same" ? <span className="sr-only">+ </span> : null}
                  {row.right?.text ?? ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
