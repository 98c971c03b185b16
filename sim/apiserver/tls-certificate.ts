// A throwaway self-signed certificate for the API port. kubectl (client-go) only sends a kubeconfig's bearer
// token when the server URL is https (rest.IsConfigTransportTLS), so a plain-HTTP apiserver would see every
// kubectl request unauthenticated. The kubeconfig says insecure-skip-tls-verify, so any certificate will do.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TlsMaterial {
  key: string;
  cert: string;
}

let cached: Promise<TlsMaterial | undefined> | undefined;

/** Generated once per process with the openssl CLI; undefined when openssl is unavailable. */
export function selfSignedCertificate(): Promise<TlsMaterial | undefined> {
  cached ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), "apiary-sim-tls-"));
    try {
      await new Promise<void>((resolve, reject) => {
        execFile(
          "openssl",
          ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "3650", "-subj", "/CN=apiary-sim", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
          (err) => (err ? reject(err) : resolve()),
        );
      });
      return { key: await readFile(join(dir, "key.pem"), "utf8"), cert: await readFile(join(dir, "cert.pem"), "utf8") };
    } catch {
      return undefined;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  })();
  return cached;
}
