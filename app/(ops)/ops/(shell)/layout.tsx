import type { ReactNode } from "react";

import { AppShell } from "@/components/layout/app-shell";

/**
 * The platform-admin screens inside the console shell. The wallboard (`/ops/wall`) sits outside
 * this route group because it is meant to fill a screen on its own.
 */
export default function OpsLayout({ children }: { children: ReactNode }) {
  return <AppShell>{children}</AppShell>;
}
