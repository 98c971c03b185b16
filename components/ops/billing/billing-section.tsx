"use client";

import type { ReactNode } from "react";

import { QueryError } from "@/components/layout/query-error";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { LoadingBlock } from "@/components/ui/loading-block";
import { isApiRequestError } from "@/lib/client/api-client";
import { useT } from "@/lib/i18n/i18n-provider";

/** One titled part of the ops billing screen; the id is the in-page link's target. */
export function BillingSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className="scroll-mt-20 space-y-4">
      <h2 id={`${id}-heading`} className="text-lg font-semibold tracking-tight">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** Loading and error of a section's query, or null when it has data. */
export function QueryStatus({ query }: { query: { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown } }) {
  const t = useT();
  if (query.isPending) return <LoadingBlock label={t("common.loading")} lines={3} />;
  if (query.isError) {
    if (isApiRequestError(query.error) && query.error.status === 403) {
      return (
        <EmptyState icon={<Icon name="compass" />} title={t("gate.adminsOnlyTitle")}>
          <p>{t("gate.adminsOnlyBody")}</p>
        </EmptyState>
      );
    }
    return <QueryError title={t("opsBilling.loadFailed")} error={query.error} onRetry={() => void query.refetch()} />;
  }
  return null;
}

/** `datetime-local` input value → ISO timestamp, or null when empty; "invalid" when it does not parse. */
export function localInputToIso(value: string): string | null | "invalid" {
  if (!value.trim()) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? "invalid" : new Date(ms).toISOString();
}

/** An ISO timestamp as a `datetime-local` input value in local time. */
export function isoToLocalInput(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
