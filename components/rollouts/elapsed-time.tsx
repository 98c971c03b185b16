"use client";

import { useSyncExternalStore } from "react";

import { formatElapsed } from "@/lib/format/format-elapsed";

function subscribeToSeconds(onTick: () => void): () => void {
  const timer = setInterval(onTick, 1_000);
  return () => clearInterval(timer);
}

/** Now, to the second, so the snapshot only changes when the displayed value can. */
const currentSecond = () => Math.floor(Date.now() / 1_000) * 1_000;

/** Time since an instant, ticking each second. Renders nothing on the server, where "now" would be stale. */
export function ElapsedTime({ since }: { since: string }) {
  const now = useSyncExternalStore(subscribeToSeconds, currentSecond, () => null);
  if (now === null) return null;
  return (
    <time dateTime={since} className="tabular-nums">
      {formatElapsed(now - new Date(since).getTime())}
    </time>
  );
}
