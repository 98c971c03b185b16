"use client";

import { useEffect, useState } from "react";

import { Button } from "@/components/ui/button";
import type { ButtonSize, ButtonVariant } from "@/components/ui/button-styles";

/**
 * Copies a value to the clipboard and says so for two seconds. The label change is announced because the
 * button keeps focus and its accessible name changes.
 */
export function CopyButton({
  value,
  label,
  copiedLabel,
  failedLabel,
  variant = "secondary",
  size = "sm",
}: {
  value: string;
  label: string;
  copiedLabel: string;
  failedLabel: string;
  variant?: ButtonVariant;
  size?: ButtonSize;
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2_000);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      // Clipboard access needs a secure context and permission; the value stays on screen to copy by hand.
      setState("failed");
    }
  }

  return (
    <Button variant={variant} size={size} onClick={copy} aria-live="polite">
      {state === "copied" ? copiedLabel : state === "failed" ? failedLabel : label}
    </Button>
  );
}
