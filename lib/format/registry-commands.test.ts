import { describe, expect, it } from "vitest";

import { buildPushCommands, deployHref, imageReference, shortDigest } from "@/lib/format/registry-commands";

describe("buildPushCommands", () => {
  const commands = buildPushCommands({ host: "hub.example:5000", tenant: "acme", repository: "web", localImage: "web:latest", tag: "v1" });

  it("logs in to the registry host only", () => {
    expect(commands.login).toBe("docker login hub.example:5000");
  });

  it("tags and pushes into the tenant's namespace", () => {
    expect(commands.tag).toBe("docker tag web:latest hub.example:5000/acme/web:v1");
    expect(commands.push).toBe("docker push hub.example:5000/acme/web:v1");
  });

  it("gives a skopeo copy to the same reference with destination credentials", () => {
    expect(commands.skopeo).toBe('skopeo copy --dest-creds "$APIARY_USER:$APIARY_PASSWORD" docker-daemon:web:latest docker://hub.example:5000/acme/web:v1');
  });
});

describe("imageReference and deployHref", () => {
  it("links a tag to the deployments form with the full reference, encoded", () => {
    const image = imageReference("hub.example:5000", "acme", "web", "v1");
    expect(deployHref("acme", image)).toBe("/acme/deployments?image=hub.example%3A5000%2Facme%2Fweb%3Av1");
  });
});

describe("shortDigest", () => {
  it("keeps the algorithm and twelve hex digits", () => {
    expect(shortDigest("sha256:0123456789abcdef0123456789abcdef")).toBe("sha256:0123456789ab");
  });

  it("shortens a bare hex digest too", () => {
    expect(shortDigest("0123456789abcdef")).toBe("0123456789ab");
  });
});
