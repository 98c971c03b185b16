import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeRegistryConfig } from "./registry-config";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apiary-registry-config-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("registry config", () => {
  it("makes Apiary the token server and the notifications endpoint when given auth", () => {
    const config = fs.readFileSync(
      writeRegistryConfig(dir, 5999, {
        tokenRealm: "http://127.0.0.1:3000/api/v1/registry/token",
        service: "apiary-registry",
        issuer: "apiary",
        rootCertBundle: "/data/registry/token/signing-cert.pem",
        eventsUrl: "http://127.0.0.1:3000/api/v1/registry/events",
        eventsSecret: "s3cret",
      }),
      "utf8",
    );
    expect(config).toContain('    realm: "http://127.0.0.1:3000/api/v1/registry/token"');
    expect(config).toContain('    rootcertbundle: "/data/registry/token/signing-cert.pem"');
    expect(config).toContain('      url: "http://127.0.0.1:3000/api/v1/registry/events"');
    expect(config).toContain('        Authorization: ["Bearer s3cret"]');
    expect(config).toContain("  addr: 127.0.0.1:5999");
  });

  it("has no auth section without it", () => {
    expect(fs.readFileSync(writeRegistryConfig(dir, 5999), "utf8")).not.toContain("auth:");
  });
});
