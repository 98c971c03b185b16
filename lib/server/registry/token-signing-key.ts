import "server-only";
import { execFile } from "node:child_process";
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

// Apiary signs registry tokens with an EC P-256 key it generates once; the registry trusts the self-signed
// certificate through `auth.token.rootcertbundle`. The openssl CLI makes the certificate, since node:crypto can
// create keys but not X.509 certificates.

export interface TokenSigningKeyFiles {
  keyPath: string;
  certPath: string;
}

export interface TokenSigningKey {
  privateKey: KeyObject;
  /** Distribution's libtrust key id of the public key: how the registry finds the key in its root bundle. */
  kid: string;
  alg: "ES256";
}

export function tokenSigningKeyFiles(dataDir: string): TokenSigningKeyFiles {
  const dir = path.join(dataDir, "registry", "token");
  return { keyPath: path.join(dir, "signing-key.pem"), certPath: path.join(dir, "signing-cert.pem") };
}

/** Creates the key pair and certificate under `<dataDir>/registry/token/` unless both are already there. */
export async function ensureTokenSigningKey(dataDir: string): Promise<TokenSigningKeyFiles> {
  const files = tokenSigningKeyFiles(dataDir);
  if (fs.existsSync(files.keyPath) && fs.existsSync(files.certPath)) return files;
  fs.mkdirSync(path.dirname(files.keyPath), { recursive: true, mode: 0o700 });
  // Written beside the final names and renamed, so a crash half-way never leaves a key without its certificate.
  const tmpKey = `${files.keyPath}.${process.pid}.tmp`;
  const tmpCert = `${files.certPath}.${process.pid}.tmp`;
  await run("openssl", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", tmpKey]);
  fs.chmodSync(tmpKey, 0o600);
  await run("openssl", ["req", "-new", "-x509", "-key", tmpKey, "-out", tmpCert, "-days", "3650", "-subj", "/CN=Apiary registry token signer", "-sha256"]);
  fs.renameSync(tmpCert, files.certPath);
  fs.renameSync(tmpKey, files.keyPath);
  return files;
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/**
 * libtrust's KeyID, which Distribution computes for every key of its root bundle and matches against the JWT's
 * `kid`: the SHA-256 of the DER (PKIX) public key, truncated to 240 bits, base32 without padding, in groups of
 * four joined by ':'.
 */
export function libtrustKeyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: "spki", format: "der" });
  const hash = createHash("sha256").update(der).digest().subarray(0, 30);
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of hash) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out.match(/.{1,4}/g)!.join(":");
}

let loaded: { dataDir: string; key: Promise<TokenSigningKey> } | undefined;

/** The signing key, created on first use if `npm start` did not already (REGISTRY_URL setups, tests). */
export function loadTokenSigningKey(dataDir: string): Promise<TokenSigningKey> {
  if (loaded?.dataDir !== dataDir) {
    const key = ensureTokenSigningKey(dataDir).then(({ keyPath }) => {
      const privateKey = createPrivateKey(fs.readFileSync(keyPath));
      return { privateKey, kid: libtrustKeyId(createPublicKey(privateKey)), alg: "ES256" as const };
    });
    key.catch(() => (loaded = undefined));
    loaded = { dataDir, key };
  }
  return loaded.key;
}
