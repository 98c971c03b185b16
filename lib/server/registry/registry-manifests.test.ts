import { describe, expect, it } from "vitest";
import { parseImageManifest, platformOfConfig } from "./registry-manifests";

describe("parseImageManifest", () => {
  it("reads each layer's digest, media type and size, and counts manifest, config and layers in the image's size", () => {
    const text = JSON.stringify({
      schemaVersion: 2,
      config: { digest: "sha256:c0", size: 100 },
      layers: [
        { mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: "sha256:l1", size: 1000 },
        { mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: "sha256:l2", size: 20 },
      ],
    });
    expect(parseImageManifest(text)).toEqual({
      sizeBytes: Buffer.byteLength(text) + 1120,
      configDigest: "sha256:c0",
      layers: [
        { digest: "sha256:l1", mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", sizeBytes: 1000 },
        { digest: "sha256:l2", mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", sizeBytes: 20 },
      ],
    });
  });

  it("gives an index its own size and no layers (each platform has its own)", () => {
    const text = JSON.stringify({ schemaVersion: 2, manifests: [{ digest: "sha256:a", platform: { os: "linux", architecture: "amd64" } }] });
    expect(parseImageManifest(text)).toEqual({ sizeBytes: Buffer.byteLength(text), configDigest: null, layers: null });
  });

  it("refuses what is not a manifest, and ignores sizes that are not whole numbers", () => {
    expect(parseImageManifest("not json")).toBeNull();
    expect(parseImageManifest("{}")).toBeNull();
    const parsed = parseImageManifest(JSON.stringify({ config: { digest: "sha256:c", size: -5 }, layers: [{ digest: "sha256:l", size: "big" }] }));
    expect(parsed?.layers).toEqual([{ digest: "sha256:l", mediaType: null, sizeBytes: 0 }]);
  });
});

describe("platformOfConfig", () => {
  it("reads os and architecture, with the variant when the config has one", () => {
    expect(platformOfConfig(JSON.stringify({ os: "linux", architecture: "amd64" }))).toEqual({ os: "linux", architecture: "amd64" });
    expect(platformOfConfig(JSON.stringify({ os: "linux", architecture: "arm64", variant: "v8" }))).toEqual({ os: "linux", architecture: "arm64/v8" });
  });

  it("leaves the platform unknown for a config that does not say or cannot be read", () => {
    expect(platformOfConfig("{}")).toEqual({ os: null, architecture: null });
    expect(platformOfConfig("garbage")).toEqual({ os: null, architecture: null });
  });
});
