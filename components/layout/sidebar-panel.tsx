"use client";

import { useEffect, useRef, type KeyboardEvent, type MouseEvent, type ReactNode } from "react";

import { useMobileNav } from "@/components/layout/mobile-nav-provider";
import { buttonStyles } from "@/components/ui/button-styles";
import { cx } from "@/components/ui/cx";
import { Icon } from "@/components/ui/icon";
import { useT } from "@/lib/i18n/i18n-provider";

/**
 * The sidebar's frame: a sticky column from `lg` up, an off-canvas drawer below. The content
 * (links) stays server-rendered and is passed in as children.
 */
export function SidebarPanel({ id, children }: { id: string; children: ReactNode }) {
  const t = useT();
  const { open, setOpen, buttonRef } = useMobileNav();
  const panelRef = useRef<HTMLDivElement>(null);

  // Move focus into the drawer when it opens, so keyboard users land in the navigation they asked for.
  useEffect(() => {
    if (open) panelRef.current?.querySelector<HTMLElement>("a[href]")?.focus();
  }, [open]);

  function close() {
    setOpen(false);
    buttonRef.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === "Escape" && open) close();
  }

  // Following a link closes the drawer; the page underneath is what the user wants to see next.
  function onClick(event: MouseEvent<HTMLDivElement>) {
    if (open && event.target instanceof Element && event.target.closest("a[href]")) setOpen(false);
  }

  return (
    <>
      {open ? (
        <div aria-hidden="true" className="fixed inset-0 z-30 bg-overlay lg:hidden" onClick={() => setOpen(false)} />
      ) : null}
      <div
        id={id}
        ref={panelRef}
        onKeyDown={onKeyDown}
        onClick={onClick}
        className={cx(
          "fixed inset-y-0 left-0 z-40 flex w-72 max-w-[85vw] flex-col border-r border-border bg-sidebar",
          "transition-[translate,visibility] duration-200 ease-out",
          "lg:sticky lg:top-0 lg:z-auto lg:h-dvh lg:w-64 lg:shrink-0 lg:translate-x-0",
          // `invisible` (not just off-screen) so closed-drawer links are not reachable with Tab.
          open ? "translate-x-0 shadow-xl lg:shadow-none" : "max-lg:invisible -translate-x-full",
        )}
      >
        <div className="absolute top-2.5 right-2.5 lg:hidden">
          <button
            type="button"
            aria-label={t("header.closeNavigation")}
            onClick={close}
            className={buttonStyles({ variant: "ghost", size: "icon" })}
          >
            <Icon name="close" className="size-5" />
          </button>
        </div>
        {children}
      </div>
    </>
  );
}
