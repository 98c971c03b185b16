"use client";

import type { ReactNode } from "react";

import { useWhoAmI } from "@/lib/client/use-who-am-i";

/**
 * Renders its (server-rendered) children only for platform admins, to keep the ops section out of tenant
 * members' navigation. This is tidiness, not protection: the ops pages and their API check the role themselves.
 */
export function PlatformAdminOnly({ children }: { children: ReactNode }) {
  const whoAmI = useWhoAmI();
  return whoAmI.data?.platformAdmin ? <>{children}</> : null;
}
