import { X509Certificate } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureTokenSigningKey, libtrustKeyId, loadTokenSigningKey } from "./token-signing-key";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apiary-signing-key-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("token signing key", () => {
  it("is generated once, as a P-256 key readable only by Apiary and a self-signed certificate for the registry", async () => {
    const files = await ensureTokenSigningKey(dir);
    expect(files.keyPath).toBe(path.join(dir, "registry", "token", "signing-key.pem"));
    expect(fs.statSync(files.keyPath).mode & 0o077).toBe(0);
    const cert = new X509Certificate(fs.readFileSync(files.certPath));
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    expect(cert.verify(cert.publicKey)).toBe(true);
    const before = fs.readFileSync(files.keyPath, "utf8");
    await ensureTokenSigningKey(dir);
    expect(fs.readFileSync(files.keyPath, "utf8")).toBe(before);
  });

  it("names the key with libtrust's key id, the one Distribution derives from the certificate", async () => {
    const key = await loadTokenSigningKey(dir);
    const cert = new X509Certificate(fs.readFileSync(path.join(dir, "registry", "token", "signing-cert.pem")));
    expect(key.kid).toBe(libtrustKeyId(cert.publicKey));
    // 240 bits in base32 = 48 characters, in twelve groups of four.
    expect(key.kid).toMatch(/^[A-Z2-7]{4}(:[A-Z2-7]{4}){11}$/);
  });
});
