"use client"; // Error boundaries must be client components (Next.js requirement).

import { RouteError } from "@/components/layout/route-error";

/** Catches a failing tenant screen inside the shell, so navigation keeps working. */
export default function TenantError({ error, retry }: { error: unknown; retry: () => void }) {
  return <RouteError error={error} retry={retry} />;
}
