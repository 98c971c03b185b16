"use client";

import { usePathname, useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Sends a signed-out visitor to sign-in, carrying the page they wanted in `?next=` so they come back to it.
 * `replace`, so the back button does not return to a screen that would only redirect again.
 */
export function useSignInRedirect(signedOut: boolean): void {
  const router = useRouter();
  const pathname = usePathname();
  useEffect(() => {
    if (!signedOut) return;
    const next = `${pathname}${window.location.search}`;
    router.replace(`/sign-in?next=${encodeURIComponent(next)}`);
  }, [signedOut, pathname, router]);
}
