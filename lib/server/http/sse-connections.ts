import "server-only";

// Server-Sent Events streams open in this process, for /api/v1/metrics. On globalThis, as Next may load this
// module more than once in one process (route bundles), and every copy must count into the same gauge.

const KEY = Symbol.for("apiary.sseConnections");
type Holder = { [KEY]?: { open: number } };
const holder = globalThis as Holder;
const state = (holder[KEY] ??= { open: 0 });

/** Counts a stream as open; the returned function counts it closed (once, however often it is called). */
export function sseConnectionOpened(): () => void {
  state.open++;
  let closed = false;
  return () => {
    if (closed) return;
    closed = true;
    state.open--;
  };
}

export function openSseConnections(): number {
  return state.open;
}
