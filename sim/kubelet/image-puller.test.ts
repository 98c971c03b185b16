import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ImagePullError, credentialsForHost, isValidImageRef, parseImageRef, pullImage } from "./image-puller";
import { startFakeRegistry } from "./fake-registry";
import type { FakeRegistry } from "./fake-registry";

function pullSecret(host: string, username: string, password: string) {
  const config = { auths: { [host]: { username, password, auth: Buffer.from(`${username}:${password}`).toString("base64") } } };
  return {
    apiVersion: "v1",
    kind: "Secret",
    type: "kubernetes.io/dockerconfigjson",
    metadata: { name: "regcred", namespace: "default" },
    data: { ".dockerconfigjson": Buffer.from(JSON.stringify(config)).toString("base64") },
  };
}

describe("parseImageRef", () => {
  it("normalizes Docker Hub short names as containerd reports them", () => {
    expect(parseImageRef("nginx").normalized).toBe("docker.io/library/nginx:latest");
    expect(parseImageRef("bitnami/redis:7").normalized).toBe("docker.io/bitnami/redis:7");
  });

  it("keeps registry hosts with ports and digests", () => {
    const ref = parseImageRef("127.0.0.1:5000/team/api:v2");
    expect(ref).toMatchObject({ host: "127.0.0.1:5000", repository: "team/api", tag: "v2" });
    const pinned = parseImageRef("localhost:5000/api@sha256:abc");
    expect(pinned).toMatchObject({ host: "localhost:5000", repository: "api", digest: "sha256:abc", tag: undefined });
  });
});

describe("isValidImageRef", () => {
  it("accepts what containerd accepts and refuses malformed references", () => {
    for (const ok of ["nginx", "nginx:1.27", "127.0.0.1:5000/team/api:v1", "ghcr.io/org/app@sha256:" + "a".repeat(64), "my_org/my-app.v2:latest"]) {
      expect(isValidImageRef(parseImageRef(ok)), ok).toBe(true);
    }
    for (const bad of ["Nginx:1.27", "nginx:", "team//api", "nginx:bad tag", "-app:1"]) expect(isValidImageRef(parseImageRef(bad)), bad).toBe(false);
  });
});

describe("pullImage against a registry with a token server", () => {
  let registry: FakeRegistry;
  beforeAll(async () => {
    registry = await startFakeRegistry({
      images: [{ repository: "team/api", tag: "v1", labels: { "apiary.sim/ready-after": "5" }, layerSizes: [1000, 2500] }],
      username: "robot",
      password: "s3cret",
    });
  });
  afterAll(() => registry.close());

  it("follows the Bearer challenge with the pull secret's credentials and reads the config labels", async () => {
    const creds = credentialsForHost([pullSecret(registry.host, "robot", "s3cret")], registry.host);
    expect(creds).toEqual({ username: "robot", password: "s3cret" });
    const image = await pullImage(parseImageRef(`${registry.host}/team/api:v1`), registry.url, creds);
    expect(image.labels).toEqual({ "apiary.sim/ready-after": "5" });
    expect(image.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(image.sizeBytes).toBeGreaterThan(3500);
    expect(registry.requests).toContain("GET /token");
  });

  it("reports a missing tag as not found, like containerd", async () => {
    const creds = { username: "robot", password: "s3cret" };
    const err = await pullImage(parseImageRef(`${registry.host}/team/api:nope`), registry.url, creds).catch((e) => e);
    expect(err).toBeInstanceOf(ImagePullError);
    expect(err.failure).toBe("NotFound");
    expect(err.message).toBe(
      `failed to pull and unpack image "${registry.host}/team/api:nope": failed to resolve reference "${registry.host}/team/api:nope": ${registry.host}/team/api:nope: not found`,
    );
  });

  it("fails as unauthorized without credentials or with wrong ones", async () => {
    const anonymous = await pullImage(parseImageRef(`${registry.host}/team/api:v1`), registry.url, undefined).catch((e) => e);
    expect(anonymous.failure).toBe("Unauthorized");
    expect(anonymous.message).toContain("401 Unauthorized");
    const wrong = await pullImage(parseImageRef(`${registry.host}/team/api:v1`), registry.url, { username: "robot", password: "bad" }).catch((e) => e);
    expect(wrong.failure).toBe("Unauthorized");
    expect(wrong.message).toContain("failed to fetch oauth token");
  });

  it("matches credentials by host, accepting scheme prefixes and localhost for 127.0.0.1", () => {
    const secret = pullSecret(`http://localhost:${registry.host.split(":")[1]}`, "a", "b");
    expect(credentialsForHost([secret], registry.host)).toEqual({ username: "a", password: "b" });
    expect(credentialsForHost([secret], "ghcr.io")).toBeUndefined();
  });
});
