import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { getEnv } from "@/lib/server/env";

// Secrets Apiary must read back (TOTP seeds) are kept encrypted at rest with AES-256-GCM, so a copy of the database
// alone does not hand out anyone's second factor. The key is APIARY_SECRET_KEY (several replicas must share it), else
// a random key created once under the data folder (the embedded, single-server default).

const PREFIX = "v1:";

let cachedKey: { source: string; key: Buffer } | undefined;

function keyFileValue(dataDir: string): string {
  const file = path.join(dataDir, "secret.key");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      // Another process won the race; its key is the one.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return fs.readFileSync(file, "utf8").trim();
}

function secretKey(): Buffer {
  const env = getEnv();
  const source = env.APIARY_SECRET_KEY ?? `file:${env.dataDir}`;
  if (cachedKey?.source !== source) {
    const material = env.APIARY_SECRET_KEY ?? keyFileValue(env.dataDir);
    // Any length of key material becomes exactly 32 bytes.
    cachedKey = { source, key: createHash("sha256").update(material).digest() };
  }
  return cachedKey.key;
}

/** Encrypts a short secret for storage: `v1:<iv>:<tag>:<ciphertext>`, base64url parts. */
export function sealSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", secretKey(), iv);
  const encrypted = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `${PREFIX}${iv.toString("base64url")}:${cipher.getAuthTag().toString("base64url")}:${encrypted.toString("base64url")}`;
}

/**
 * The stored secret in clear. Values written before encryption existed (no `v1:` prefix) are returned as they are,
 * so enabled authenticators keep working; a tampered or foreign-key value throws.
 */
export function openSecret(stored: string): string {
  if (!stored.startsWith(PREFIX)) return stored;
  const [iv, tag, data] = stored.slice(PREFIX.length).split(":");
  const decipher = createDecipheriv("aes-256-gcm", secretKey(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}
