import "server-only";
import { getEnv } from "@/lib/server/env";
import { ensureEventsSecret } from "./events-secret";

/** The `iss` of every registry token; the registry's `auth.token.issuer` must say the same. */
export const REGISTRY_TOKEN_ISSUER = "apiary";

export interface RegistrySettings {
  /** Where the signing key and the generated events secret live. */
  dataDir: string;
  registryUrl: string;
  /** The registry's `host:port` for the commands users copy: APIARY_REGISTRY_PUBLIC_HOST, else the host of registryUrl. */
  publicHost: string;
  /** The registry's `auth.token.service`: the tokens' audience. */
  service: string;
  tokenTtlSeconds: number;
  anonymousPull: boolean;
  eventsSecret: string;
}

let overrides: Partial<RegistrySettings> | undefined;
let generatedSecret: { dataDir: string; secret: string } | undefined;

/** Tests point the registry code at their own data folder, registry and flags, without touching the process env. */
export function setRegistrySettingsForTests(settings: Partial<RegistrySettings> | undefined): void {
  overrides = settings;
}

/** The generated secret, read from its file once per process rather than on every notification. */
function generatedEventsSecret(dataDir: string): string {
  if (generatedSecret?.dataDir !== dataDir) generatedSecret = { dataDir, secret: ensureEventsSecret(dataDir) };
  return generatedSecret.secret;
}

export function registrySettings(): RegistrySettings {
  const env = getEnv();
  const dataDir = overrides?.dataDir ?? env.dataDir;
  const registryUrl = overrides?.registryUrl ?? env.registryUrl;
  return {
    dataDir,
    registryUrl,
    publicHost: overrides?.publicHost ?? env.APIARY_REGISTRY_PUBLIC_HOST ?? new URL(registryUrl).host,
    service: overrides?.service ?? env.APIARY_REGISTRY_SERVICE,
    tokenTtlSeconds: overrides?.tokenTtlSeconds ?? env.APIARY_REGISTRY_TOKEN_TTL_SECONDS,
    anonymousPull: overrides?.anonymousPull ?? env.APIARY_REGISTRY_ANONYMOUS_PULL,
    eventsSecret: overrides?.eventsSecret ?? env.APIARY_REGISTRY_EVENTS_SECRET ?? generatedEventsSecret(dataDir),
  };
}
