"use client";

import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";

import { cx } from "@/components/ui/cx";

export type ToastTone = "success" | "error";
type Toast = { id: number; tone: ToastTone; message: string };

const ToastContext = createContext<((tone: ToastTone, message: string) => void) | null>(null);

const tones: Record<ToastTone, string> = {
  success:
    "border-emerald-600/25 bg-emerald-50 text-emerald-900 dark:border-emerald-400/25 dark:bg-emerald-950 dark:text-emerald-100",
  error: "border-red-600/25 bg-red-50 text-red-900 dark:border-red-400/30 dark:bg-red-950 dark:text-red-100",
};

/**
 * Short confirmations of finished actions ("Invitation revoked"). The live region is always in the page, so
 * screen readers announce each message; errors stay until dismissed, successes fade after a few seconds.
 */
export function ToastProvider({ children, dismissLabel }: { children: ReactNode; dismissLabel: string }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((toast) => toast.id !== id)), []);
  const show = useCallback(
    (tone: ToastTone, message: string) => {
      const id = nextId.current++;
      setToasts((list) => [...list.slice(-3), { id, tone, message }]);
      if (tone === "success") setTimeout(() => dismiss(id), 5_000);
    },
    [dismiss],
  );
  const value = useMemo(() => show, [show]);

  return (
    <ToastContext.Provider value={value}>
      {children}
      <div role="status" aria-live="polite" className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-full max-w-sm flex-col gap-2">
        {toasts.map((toast) => (
          <div
            key={toast.id}
            className={cx("pointer-events-auto flex items-start gap-3 rounded-lg border px-4 py-3 text-sm shadow-lg", tones[toast.tone])}
          >
            <p className="flex-1">{toast.message}</p>
            <button
              type="button"
              onClick={() => dismiss(toast.id)}
              aria-label={dismissLabel}
              className="-mr-1 rounded-sm px-1 text-base leading-none opacity-70 hover:opacity-100"
            >
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

/** `const toast = useToast(); toast("success", t("members.invited"))`. */
export function useToast(): (tone: ToastTone, message: string) => void {
  const value = useContext(ToastContext);
  if (!value) throw new Error("useToast() needs <ToastProvider> (rendered by Providers).");
  return value;
}
