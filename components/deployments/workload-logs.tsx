"use client";

import { useEffect, useState } from "react";

import { InlineError } from "@/components/ui/inline-error";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/select-field";
import { inputStyles } from "@/components/ui/text-field";
import { describeApiError } from "@/lib/client/describe-api-error";
import { readWorkloadLogs, useWorkloadPods } from "@/lib/client/use-workloads";
import type { WorkloadLogLine } from "@/lib/contracts/workloads";
import { useT } from "@/lib/i18n/i18n-provider";

/** Lines kept in the browser while following; older ones scroll away, as in a terminal. */
const MAX_LINES = 10_000;
const TAIL_OPTIONS = [100, 500, 1000, 5000];

type Phase = "loading" | "following" | "done" | "error";

function formatLine(line: WorkloadLogLine, withPod: boolean): string {
  const prefix = withPod ? `[${line.pod}] ` : "";
  return `${line.time ? `${line.time} ` : ""}${prefix}${line.line}`;
}

/** One read of the logs; remounted (by key) whenever what to read changes, so it always starts empty. */
function LogStream({ tenant, name, pod, tail, follow, search, onRetry }: { tenant: string; name: string; pod: string; tail: number; follow: boolean; search: string; onRetry: () => void }) {
  const t = useT();
  const [lines, setLines] = useState<WorkloadLogLine[]>([]);
  const [phase, setPhase] = useState<Phase>(follow ? "following" : "loading");
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const controller = new AbortController();
    readWorkloadLogs(
      tenant,
      name,
      { pod: pod || undefined, tailLines: tail, follow },
      (batch) =>
        setLines((current) => {
          const next = current.concat(batch);
          return next.length > MAX_LINES ? next.slice(next.length - MAX_LINES) : next;
        }),
      controller.signal,
    ).then(
      () => setPhase("done"),
      (cause: unknown) => {
        if (controller.signal.aborted) return;
        setError(cause);
        setPhase("error");
      },
    );
    return () => controller.abort();
  }, [tenant, name, pod, tail, follow]);

  const needle = search.trim().toLowerCase();
  const shown = needle ? lines.filter((line) => line.line.toLowerCase().includes(needle)) : lines;
  const withPod = pod === "";

  function download() {
    const text = shown.map((line) => formatLine(line, withPod)).join("\n") + "\n";
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `${name}${pod ? `-${pod}` : ""}-logs.txt`;
    link.click();
    URL.revokeObjectURL(url);
  }

  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between gap-3">
        <p aria-live="polite" className="text-xs text-muted-foreground">
          {phase === "loading"
            ? t("deploymentDetail.logsLoading")
            : phase === "following"
              ? t("deploymentDetail.logsFollowing", { count: shown.length })
              : phase === "done"
                ? t("deploymentDetail.logsCount", { count: shown.length })
                : null}
        </p>
        <Button size="sm" onClick={download} disabled={shown.length === 0}>
          {t("deploymentDetail.logsDownload")}
        </Button>
      </div>
      {phase === "error" ? (
        <InlineError
          title={t("deploymentDetail.logsFailed")}
          action={
            <Button size="sm" onClick={onRetry}>
              {t("common.retry")}
            </Button>
          }
        >
          {describeApiError(t, error)}
        </InlineError>
      ) : phase !== "loading" && shown.length === 0 ? (
        <p className="rounded-lg border border-dashed border-border-strong p-6 text-center text-sm text-muted-foreground">
          {needle ? t("deploymentDetail.logsNoMatch") : t("deploymentDetail.logsEmpty")}
        </p>
      ) : (
        <pre
          tabIndex={0}
          aria-label={t("deploymentDetail.logsHeading")}
          className="max-h-[32rem] overflow-auto rounded-lg border border-border bg-zinc-950 p-3 font-mono text-xs leading-5 text-zinc-100 dark:bg-black"
        >
          {shown.map((line, index) => (
            <div key={index} className="whitespace-pre-wrap break-all">
              {line.time ? <span className="text-zinc-500">{line.time} </span> : null}
              {withPod ? <span className="text-sky-300">[{line.pod}] </span> : null}
              {line.line}
            </div>
          ))}
        </pre>
      )}
    </div>
  );
}

/**
 * Logs of one pod or of every pod of the workload merged by time: the last N lines, optionally followed live
 * (the NDJSON stream read as it arrives), filtered as you type, and downloadable as a text file.
 */
export function WorkloadLogs({ tenant, name }: { tenant: string; name: string }) {
  const t = useT();
  const pods = useWorkloadPods(tenant, name);
  const [pod, setPod] = useState("");
  const [tail, setTail] = useState(500);
  const [follow, setFollow] = useState(false);
  const [search, setSearch] = useState("");
  const [reload, setReload] = useState(0);

  const podOptions = [{ value: "", label: t("deploymentDetail.logsAllPods") }, ...(pods.data?.items ?? []).map((item) => ({ value: item.name, label: item.name }))];

  return (
    <div className="space-y-3">
      <div className="flex flex-col gap-3 lg:flex-row lg:items-end">
        <SelectField id="logs-pod" label={t("deploymentDetail.logsPod")} className="lg:w-72" options={podOptions} value={pod} onChange={(e) => setPod(e.target.value)} />
        <SelectField
          id="logs-tail"
          label={t("deploymentDetail.logsTail")}
          className="lg:w-40"
          options={TAIL_OPTIONS.map((value) => ({ value: String(value), label: t("deploymentDetail.logsTailOption", { count: value }) }))}
          value={String(tail)}
          onChange={(e) => setTail(Number(e.target.value))}
        />
        <div className="flex-1 space-y-1.5">
          <label htmlFor="logs-search" className="block text-sm font-medium text-foreground">
            {t("deploymentDetail.logsSearch")}
          </label>
          <input id="logs-search" type="search" className={inputStyles} value={search} onChange={(e) => setSearch(e.target.value)} spellCheck={false} autoComplete="off" />
        </div>
        <label className="flex h-9 items-center gap-2 text-sm">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
          {t("deploymentDetail.logsFollow")}
        </label>
        <Button size="sm" className="lg:mb-0.5" onClick={() => setReload((n) => n + 1)}>
          {t("deploymentDetail.logsReload")}
        </Button>
      </div>
      <LogStream
        key={`${pod}|${tail}|${follow}|${reload}`}
        tenant={tenant}
        name={name}
        pod={pod}
        tail={tail}
        follow={follow}
        search={search}
        onRetry={() => setReload((n) => n + 1)}
      />
    </div>
  );
}
