"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";

import { cx } from "@/components/ui/cx";

/**
 * A disclosure button with a panel of links or buttons (the header's tenant switcher and user menu). Escape and
 * a click outside close it (Escape hands focus back to the button); choosing an item closes it too. The
 * panel's items are ordinary tab stops.
 */
export function PopoverMenu({
  trigger,
  triggerLabel,
  triggerClassName,
  children,
  align = "end",
}: {
  trigger: ReactNode;
  /** The button's accessible name when its visible content does not say enough. */
  triggerLabel?: string;
  triggerClassName?: string;
  children: ReactNode;
  align?: "start" | "end";
}) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    function onPointerDown(event: PointerEvent) {
      if (event.target instanceof Node && !rootRef.current?.contains(event.target)) setOpen(false);
    }
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  function close() {
    setOpen(false);
    buttonRef.current?.focus();
  }

  return (
    <div
      ref={rootRef}
      className="relative"
      onKeyDown={(event) => {
        if (event.key === "Escape" && open) {
          event.stopPropagation();
          close();
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={triggerLabel}
        onClick={() => setOpen(!open)}
        className={triggerClassName}
      >
        {trigger}
      </button>
      <div
        id={panelId}
        hidden={!open}
        // Choosing an item (a link or a button) is the end of the menu's job.
        onClick={(event) => {
          if (event.target instanceof Element && event.target.closest("a[href],button")) setOpen(false);
        }}
        className={cx(
          "absolute top-full z-30 mt-1.5 w-64 rounded-lg border border-border bg-surface-raised p-1.5 text-sm shadow-lg",
          align === "end" ? "right-0" : "left-0",
        )}
      >
        {open ? children : null}
      </div>
    </div>
  );
}
