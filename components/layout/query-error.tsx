"use client";

import type { ReactNode } from "react";

import { Button } from "@/components/ui/button";
import { InlineError } from "@/components/ui/inline-error";
import { describeApiError } from "@/lib/client/describe-api-error";
import { useT } from "@/lib/i18n/i18n-provider";

/** A query that failed to load, in words the user can act on, with "Try again". Every screen's error state. */
export function QueryError({ title, error, onRetry }: { title: ReactNode; error: unknown; onRetry: () => void }) {
  const t = useT();
  return (
    <InlineError
      title={title}
      action={
        <Button size="sm" onClick={onRetry}>
          {t("common.retry")}
        </Button>
      }
    >
      {describeApiError(t, error)}
    </InlineError>
  );
}
