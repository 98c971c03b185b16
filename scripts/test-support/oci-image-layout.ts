import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

// A small container image written byte by byte, for tests that push with skopeo into the real registry (the
// registry-hub integration test and the image hub's Playwright journey): no docker daemon, no download.

/** One-file ustar archive: a 512-byte header, the content padded to 512, and two zero blocks. */
export function tarWithOneFile(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string) => header.write(value.padEnd(length, "\0").slice(0, length), offset, "latin1");
  field(0, 100, name);
  field(100, 8, "0000644");
  field(108, 8, "0000000");
  field(116, 8, "0000000");
  field(124, 12, content.length.toString(8).padStart(11, "0"));
  field(136, 12, "00000000000");
  field(148, 8, "        ");
  field(156, 1, "0");
  field(257, 6, "ustar");
  field(263, 2, "00");
  const checksum = header.reduce((sum, byte) => sum + byte, 0);
  field(148, 8, `${checksum.toString(8).padStart(6, "0")}\0 `);
  const padded = Buffer.alloc(Math.ceil(content.length / 512) * 512);
  content.copy(padded);
  return Buffer.concat([header, padded, Buffer.alloc(1024)]);
}

export interface OciImageLayout {
  dir: string;
  manifestDigest: string;
  /** Manifest, config and layer, as the hub counts an image's size. */
  totalBytes: number;
  layerDigest: string;
  layerBytes: number;
}

/**
 * An OCI image layout with one linux/amd64 image under `tag`: a config blob and one gzipped tar layer whose file
 * holds the time, so every call writes a different image. skopeo copies it with `oci:<dir>:<tag>`.
 */
export function writeOciLayout(root: string, tag: string): OciImageLayout {
  const blobs = path.join(root, "blobs", "sha256");
  fs.mkdirSync(blobs, { recursive: true });
  const put = (bytes: Buffer) => {
    const hex = createHash("sha256").update(bytes).digest("hex");
    fs.writeFileSync(path.join(blobs, hex), bytes);
    return { digest: `sha256:${hex}`, size: bytes.length };
  };
  const tar = tarWithOneFile("hello.txt", Buffer.from(`hello from the apiary test ${Date.now()}\n`));
  const layer = put(gzipSync(tar));
  const diffId = `sha256:${createHash("sha256").update(tar).digest("hex")}`;
  const config = put(Buffer.from(JSON.stringify({ architecture: "amd64", os: "linux", config: {}, rootfs: { type: "layers", diff_ids: [diffId] } })));
  const manifestBytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: { mediaType: "application/vnd.oci.image.config.v1+json", ...config },
      layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", ...layer }],
    }),
  );
  const manifest = put(manifestBytes);
  fs.writeFileSync(path.join(root, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  fs.writeFileSync(
    path.join(root, "index.json"),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{ mediaType: "application/vnd.oci.image.manifest.v1+json", ...manifest, annotations: { "org.opencontainers.image.ref.name": tag } }],
    }),
  );
  return { dir: root, manifestDigest: manifest.digest, totalBytes: manifest.size + config.size + layer.size, layerDigest: layer.digest, layerBytes: layer.size };
}

