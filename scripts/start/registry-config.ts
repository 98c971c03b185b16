import fs from "node:fs";
import path from "node:path";

/**
 * Writes the embedded registry's configuration (CNCF Distribution, Debian's `docker-registry`): storage under
 * the data folder, listening on loopback only, deletes enabled so the hub can delete tags.
 */
export function writeRegistryConfig(dataDir: string, port: number): string {
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
    "",
  ].join("\n");
  fs.writeFileSync(configPath, config);
  return configPath;
}
