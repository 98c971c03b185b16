import type { ReactNode } from "react";

import { Header } from "@/components/layout/header";
import { MobileNavProvider } from "@/components/layout/mobile-nav-provider";
import { Sidebar } from "@/components/layout/sidebar";
import { SidebarPanel } from "@/components/layout/sidebar-panel";
import { SkipLink } from "@/components/layout/skip-link";
import { getTranslations } from "@/lib/i18n/get-translations";

const sidebarId = "app-sidebar";
const mainId = "main-content";

/**
 * The console frame shared by tenant and ops screens: skip link, sidebar, header and the main
 * landmark. `tenant` is the slug from the URL, absent on ops screens.
 */
export async function AppShell({ tenant, children }: { tenant?: string; children: ReactNode }) {
  const { t } = await getTranslations();
  return (
    <MobileNavProvider>
      <SkipLink href={`#${mainId}`} label={t("common.skipToContent")} />
      <div className="flex min-h-dvh">
        <SidebarPanel id={sidebarId}>
          <Sidebar tenant={tenant} />
        </SidebarPanel>
        <div className="flex min-w-0 flex-1 flex-col">
          <Header tenant={tenant} sidebarId={sidebarId} />
          {/* tabIndex -1 lets the skip link move focus here, not just scroll. */}
          <main id={mainId} tabIndex={-1} className="flex-1 px-4 py-8 outline-none sm:px-6 lg:px-10">
            <div className="mx-auto w-full max-w-6xl">{children}</div>
          </main>
        </div>
      </div>
    </MobileNavProvider>
  );
}
