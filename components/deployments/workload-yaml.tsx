"use client";

import { stringify } from "yaml";

import { CopyButton } from "@/components/ui/copy-button";
import type { WorkloadSpec } from "@/lib/contracts/workloads";
import { useT } from "@/lib/i18n/i18n-provider";

/**
 * The workload's spec as Apiary reads it back from the cluster (the same fields the form edits), as YAML,
 * rendered in the browser from the live detail, so it follows every change without a request.
 */
export function WorkloadYaml({ spec }: { spec: WorkloadSpec }) {
  const t = useT();
  const text = stringify(spec);
  return (
    <div className="space-y-2">
      <div className="flex items-center justify-between gap-3">
        <p className="text-sm text-muted-foreground">{t("deploymentDetail.yamlHint")}</p>
        <CopyButton value={text} label={t("common.copy")} copiedLabel={t("common.copied")} failedLabel={t("common.copyFailed")} />
      </div>
      <pre tabIndex={0} aria-label={t("deploymentDetail.yamlHeading")} className="max-h-[32rem] overflow-auto rounded-lg border border-border bg-muted/40 p-3 font-mono text-xs leading-5">
        {text}
      </pre>
    </div>
  );
}
