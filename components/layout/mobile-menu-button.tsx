"use client";

import { useMobileNav } from "@/components/layout/mobile-nav-provider";
import { buttonStyles } from "@/components/ui/button-styles";
import { Icon } from "@/components/ui/icon";
import { useT } from "@/lib/i18n/i18n-provider";

/** Opens the sidebar on narrow screens; hidden from `lg` up, where the sidebar is always shown. */
export function MobileMenuButton({ controls }: { controls: string }) {
  const t = useT();
  const { open, setOpen, buttonRef } = useMobileNav();
  return (
    <button
      ref={buttonRef}
      type="button"
      aria-expanded={open}
      aria-controls={controls}
      aria-label={open ? t("header.closeNavigation") : t("header.openNavigation")}
      onClick={() => setOpen(!open)}
      className={buttonStyles({ variant: "ghost", size: "icon", className: "-ml-1.5 lg:hidden" })}
    >
      <Icon name={open ? "close" : "menu"} className="size-5" />
    </button>
  );
}
