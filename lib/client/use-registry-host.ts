import { useSyncExternalStore } from "react";

import { registryHostFor } from "@/lib/format/registry-commands";

const subscribe = () => () => {};

/**
 * The registry's `host:port` for the commands users copy. The API does not expose the registry's public address
 * (lib/contracts/images.ts has no such field, and REGISTRY_URL is the address Apiary itself uses, often 127.0.0.1),
 * so it is derived from the host name the browser reached the console by plus the embedded registry's port 5000.
 * Null during server rendering, where there is no browser location.
 */
export function useRegistryHost(): string | null {
  return useSyncExternalStore(
    subscribe,
    () => registryHostFor(window.location.hostname),
    () => null,
  );
}
