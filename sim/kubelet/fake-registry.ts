// Test support only: a tiny OCI distribution registry on loopback that, like a registry behind a token
// server, answers 401 with a Bearer challenge, issues tokens for valid Basic credentials, and serves
// manifests and config blobs (with labels) for the images it is given.

import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeImage {
  repository: string;
  tag: string;
  labels?: Record<string, string>;
  layerSizes?: number[];
}

export interface FakeRegistry {
  url: string;
  host: string;
  /** Requests seen, as "METHOD path". */
  requests: string[];
  close(): Promise<void>;
}

export async function startFakeRegistry(opts: { images: FakeImage[]; username?: string; password?: string; anonymous?: boolean }): Promise<FakeRegistry> {
  const blobs = new Map<string, string>();
  const manifests = new Map<string, { body: string; digest: string }>();
  const sha = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;
  for (const image of opts.images) {
    const config = JSON.stringify({ architecture: "amd64", os: "linux", config: { Labels: image.labels ?? {} } });
    const configDigest = sha(config);
    blobs.set(configDigest, config);
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: configDigest, size: config.length },
      layers: (image.layerSizes ?? [1000, 2000]).map((size, i) => ({ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: sha(`${image.repository}${i}`), size })),
    });
    manifests.set(`${image.repository}:${image.tag}`, { body: manifest, digest: sha(manifest) });
  }
  const requests: string[] = [];
  const tokens = new Set<string>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    requests.push(`${req.method} ${url.pathname}`);
    const base = `http://${req.headers.host}`;
    if (url.pathname === "/token") {
      const auth = req.headers.authorization;
      const expected = `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString("base64")}`;
      if (!opts.anonymous && auth !== expected) {
        res.writeHead(401, { "Content-Type": "application/json" }).end(JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "authentication required" }] }));
        return;
      }
      const token = `tok-${tokens.size + 1}`;
      tokens.add(token);
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ token }));
      return;
    }
    if (url.pathname === "/v2/") {
      // The API root, as Distribution with token auth answers it: 401 and where to get a token (200 with one).
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      if (bearer && tokens.has(bearer)) res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
      else res.writeHead(401, { "WWW-Authenticate": `Bearer realm="${base}/token",service="fake-registry"`, "Content-Type": "application/json" }).end(JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "authentication required" }] }));
      return;
    }
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    const [, repository, kind, reference] = m;
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!bearer || !tokens.has(bearer)) {
      res
        .writeHead(401, {
          "Content-Type": "application/json",
          "WWW-Authenticate": `Bearer realm="${base}/token",service="fake-registry",scope="repository:${repository}:pull"`,
        })
        .end(JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "authentication required" }] }));
      return;
    }
    if (kind === "manifests") {
      const manifest = manifests.get(`${repository}:${reference}`) ?? [...manifests.values()].find((x) => x.digest === reference);
      if (!manifest) {
        res.writeHead(404, { "Content-Type": "application/json" }).end(JSON.stringify({ errors: [{ code: "MANIFEST_UNKNOWN", message: "manifest unknown" }] }));
        return;
      }
      res.writeHead(200, { "Content-Type": "application/vnd.oci.image.manifest.v1+json", "Docker-Content-Digest": manifest.digest }).end(req.method === "HEAD" ? undefined : manifest.body);
      return;
    }
    const blob = blobs.get(reference);
    if (!blob) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": "application/octet-stream" }).end(blob);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
