import type { ReactNode } from "react";

import { AppShell } from "@/components/layout/app-shell";
import { PlatformAdminGate } from "@/components/ops/platform-admin-gate";

/**
 * The platform-admin screens inside the console shell, behind PlatformAdminGate (the ops API checks the
 * role on every call as well). The wallboard (`/ops/wall`) sits outside
 * this route group because it is meant to fill a screen on its own.
 */
export default function OpsLayout({ children }: { children: ReactNode }) {
  return (
    <AppShell>
      <PlatformAdminGate>{children}</PlatformAdminGate>
    </AppShell>
  );
}
