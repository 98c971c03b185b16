"use client";

import { createContext, useContext, useMemo, useRef, useState, type ReactNode, type RefObject } from "react";

type MobileNav = {
  open: boolean;
  setOpen: (open: boolean) => void;
  /** The menu button, so closing the panel can hand keyboard focus back to it. */
  buttonRef: RefObject<HTMLButtonElement | null>;
};

const MobileNavContext = createContext<MobileNav | null>(null);

/**
 * Shares the narrow-screen sidebar's open state between the header's menu button and the
 * sidebar panel, which sit in different branches of the (server-rendered) shell.
 */
export function MobileNavProvider({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement | null>(null);
  const value = useMemo(() => ({ open, setOpen, buttonRef }), [open]);
  return <MobileNavContext.Provider value={value}>{children}</MobileNavContext.Provider>;
}

export function useMobileNav(): MobileNav {
  const value = useContext(MobileNavContext);
  if (!value) throw new Error("useMobileNav() needs <MobileNavProvider> (rendered by AppShell).");
  return value;
}
