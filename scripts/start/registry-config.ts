import fs from "node:fs";
import path from "node:path";

export interface RegistryAuthOptions {
  /** Apiary as the token server: `<console URL>/api/v1/registry/token`. */
  tokenRealm: string;
  service: string;
  issuer: string;
  /** The certificate of Apiary's token signing key (lib/server/registry/token-signing-key.ts). */
  rootCertBundle: string;
  /** Apiary's notifications endpoint: `<console URL>/api/v1/registry/events`. */
  eventsUrl: string;
  eventsSecret: string;
}

/**
 * Writes the embedded registry's configuration (CNCF Distribution, Debian's `docker-registry`): storage under
 * the data folder, listening on loopback only, deletes enabled so the hub can delete tags. With `auth`, Apiary is
 * its token server and receives its push/pull/delete notifications (manifest events only: blob events are noise
 * to the hub).
 */
export function writeRegistryConfig(dataDir: string, port: number, auth?: RegistryAuthOptions): string {
  const root = path.join(dataDir, "registry");
  fs.mkdirSync(path.join(root, "storage"), { recursive: true });
  const configPath = path.join(root, "config.yml");
  const config = [
    "version: 0.1",
    "log:",
    "  level: warn",
    "  formatter: text",
    "storage:",
    "  filesystem:",
    `    rootdirectory: ${JSON.stringify(path.join(root, "storage"))}`,
    "  delete:",
    "    enabled: true",
    "  cache:",
    "    blobdescriptor: inmemory",
    "http:",
    `  addr: 127.0.0.1:${port}`,
    "  headers:",
    "    X-Content-Type-Options: [nosniff]",
    "health:",
    "  storagedriver:",
    "    enabled: true",
    "    interval: 10s",
    "    threshold: 3",
    ...(auth
      ? [
          "auth:",
          "  token:",
          `    realm: ${JSON.stringify(auth.tokenRealm)}`,
          `    service: ${JSON.stringify(auth.service)}`,
          `    issuer: ${JSON.stringify(auth.issuer)}`,
          `    rootcertbundle: ${JSON.stringify(auth.rootCertBundle)}`,
          "notifications:",
          "  endpoints:",
          "    - name: apiary",
          `      url: ${JSON.stringify(auth.eventsUrl)}`,
          "      headers:",
          `        Authorization: [${JSON.stringify(`Bearer ${auth.eventsSecret}`)}]`,
          "      timeout: 5s",
          "      threshold: 3",
          "      backoff: 1s",
          "      ignoredmediatypes:",
          "        - application/octet-stream",
        ]
      : []),
    "",
  ].join("\n");
  fs.writeFileSync(configPath, config, { mode: 0o600 });
  return configPath;
}
