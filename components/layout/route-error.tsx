"use client";

import { useEffect } from "react";

import { Button } from "@/components/ui/button";
import { Icon } from "@/components/ui/icon";
import { useT } from "@/lib/i18n/i18n-provider";

/**
 * The body of a route group's error boundary. It never shows the error message: in production
 * server errors arrive without one by design, and client messages may be technical. The digest
 * is what an operator needs to find the server log line.
 */
export function RouteError({ error, retry }: { error: unknown; retry: () => void }) {
  const t = useT();
  const digest =
    typeof error === "object" && error !== null && "digest" in error && typeof error.digest === "string"
      ? error.digest
      : undefined;

  useEffect(() => {
    // Keeps the original error in the browser console for whoever is debugging.
    console.error(error);
  }, [error]);

  return (
    <section
      role="alert"
      className="flex flex-col items-center rounded-xl border border-border bg-surface px-6 py-14 text-center shadow-xs"
    >
      <div
        aria-hidden="true"
        className="mb-4 flex size-12 items-center justify-center rounded-full bg-red-50 text-red-700 dark:bg-red-400/10 dark:text-red-300"
      >
        <Icon name="alert" className="size-6" />
      </div>
      <h1 className="text-lg font-semibold tracking-tight">{t("error.title")}</h1>
      <p className="mt-2 max-w-md text-sm text-muted-foreground">{t("error.body")}</p>
      {digest ? (
        <p className="mt-3 font-mono text-xs text-muted-foreground">{t("error.reference", { digest })}</p>
      ) : null}
      <Button variant="primary" className="mt-6" onClick={() => retry()}>
        {t("error.retry")}
      </Button>
    </section>
  );
}
