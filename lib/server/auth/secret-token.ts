import "server-only";
import { createHash, randomBytes } from "node:crypto";

/** 256 random bits, base64url, optionally prefixed (`apk_…`) so a leaked key is recognisable by secret scanners. */
export function newSecretToken(prefix = ""): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

/** How tokens are stored: a SHA-256 hex digest. At 256 bits of entropy a plain hash is enough (ASVS 6.5.2). */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
