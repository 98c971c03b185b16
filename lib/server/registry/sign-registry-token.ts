import "server-only";
import { randomUUID, sign } from "node:crypto";
import { REGISTRY_TOKEN_ISSUER } from "./registry-settings";
import type { TokenSigningKey } from "./token-signing-key";

/** One entry of a token's `access` claim, as Distribution reads it. */
export interface RegistryAccess {
  type: string;
  name: string;
  actions: string[];
}

const base64url = (value: Buffer | string) => Buffer.from(value).toString("base64url");

/**
 * A JWT in the shape Distribution's token auth verifies: ES256 with `kid` naming the key in its root bundle,
 * `aud` = the registry's service, and the granted `access`. node:crypto signs; "ieee-p1363" gives the raw r‖s
 * signature JWS wants instead of DER.
 */
export function signRegistryToken(
  key: TokenSigningKey,
  claims: { subject: string; audience: string; access: RegistryAccess[]; ttlSeconds: number; now?: Date },
): { token: string; issuedAt: Date; expiresIn: number } {
  const issuedAt = claims.now ?? new Date();
  const iat = Math.floor(issuedAt.getTime() / 1000);
  const header = { typ: "JWT", alg: key.alg, kid: key.kid };
  const payload = {
    iss: REGISTRY_TOKEN_ISSUER,
    sub: claims.subject,
    aud: claims.audience,
    iat,
    // A little slack for clocks that are slightly apart.
    nbf: iat - 10,
    exp: iat + claims.ttlSeconds,
    jti: randomUUID(),
    access: claims.access,
  };
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = sign("sha256", Buffer.from(input), { key: key.privateKey, dsaEncoding: "ieee-p1363" });
  return { token: `${input}.${base64url(signature)}`, issuedAt, expiresIn: claims.ttlSeconds };
}
