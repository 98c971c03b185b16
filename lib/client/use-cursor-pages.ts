import { useCallback, useState } from "react";

/**
 * The pages a list has walked with the server's opaque cursors, so "Previous" can go back without the server
 * paging backwards. `pageIndex` counts from 0; a new search or sort calls `reset()`.
 */
export function useCursorPages() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const reset = useCallback(() => setCursors([null]), []);
  const previous = useCallback(() => setCursors((list) => (list.length > 1 ? list.slice(0, -1) : list)), []);
  const next = useCallback((cursor: string) => setCursors((list) => [...list, cursor]), []);
  return { cursor: cursors[cursors.length - 1] ?? null, pageIndex: cursors.length - 1, hasPrevious: cursors.length > 1, previous, next, reset };
}
