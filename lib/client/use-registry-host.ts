import { useTenant } from "@/lib/client/use-tenant";

/**
 * The registry's `host:port` for the commands users copy, as the server reports it for this tenant
 * (APIARY_REGISTRY_PUBLIC_HOST, or the registry Apiary itself uses). Null until the tenant has loaded.
 */
export function useRegistryHost(tenant: string): string | null {
  return useTenant(tenant).data?.registryHost ?? null;
}
