// Image pulls against the real registry, as containerd resolves them: GET the manifest (following a
// manifest list/index to linux/amd64), then the config blob for its labels. A 401 with a Bearer challenge
// is answered with a token fetched using the pod's pull-secret credentials, exactly the dance the real
// runtime does, so a missing or wrong imagePullSecret fails here as it would on a real node.

import { createHash } from "node:crypto";
import type { KObject } from "../core/types";

export interface ImageRef {
  /** As written in the pod spec. */
  original: string;
  /** Registry host (with port), "docker.io" for Docker Hub. */
  host: string;
  repository: string;
  tag?: string;
  digest?: string;
  /** Fully qualified, as containerd reports it: "docker.io/library/nginx:1.25". */
  normalized: string;
}

export function parseImageRef(image: string): ImageRef {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const firstSlash = rest.indexOf("/");
  const first = firstSlash >= 0 ? rest.slice(0, firstSlash) : "";
  let host = "docker.io";
  let repository = rest;
  if (firstSlash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost")) {
    host = first;
    repository = rest.slice(firstSlash + 1);
  }
  if (host === "docker.io" && !repository.includes("/")) repository = `library/${repository}`;
  if (tag === undefined && !digest) tag = "latest";
  const normalized = `${host}/${repository}${tag ? `:${tag}` : ""}${digest ? `@${digest}` : ""}`;
  return { original: image, host, repository, tag, digest, normalized };
}

// The distribution reference grammar (docker/distribution reference/regexp.go), enough to refuse what
// containerd refuses: upper-case repositories, empty path components, bad tags or digests.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}$/;
const HOST = /^[a-zA-Z0-9.-]+(?::\d+)?$/;

export function isValidImageRef(ref: ImageRef): boolean {
  if (!ref.original || /\s/.test(ref.original)) return false;
  if (!HOST.test(ref.host)) return false;
  if (!ref.repository.split("/").every((part) => PATH_COMPONENT.test(part))) return false;
  if (ref.tag !== undefined && !TAG.test(ref.tag)) return false;
  return ref.digest === undefined || DIGEST.test(ref.digest);
}

export interface RegistryCredentials {
  username?: string;
  password?: string;
}

function hostOfKey(key: string): string {
  return key.replace(/^https?:\/\//, "").replace(/\/.*$/, "");
}

/** Credentials for `host` from kubernetes.io/dockerconfigjson (or legacy dockercfg) Secrets, in order. */
export function credentialsForHost(secrets: (KObject | undefined)[], host: string): RegistryCredentials | undefined {
  for (const secret of secrets) {
    if (!secret?.data) continue;
    const raw = secret.data[".dockerconfigjson"] ?? secret.data[".dockercfg"];
    if (typeof raw !== "string") continue;
    let parsed: any;
    try {
      parsed = JSON.parse(Buffer.from(raw, "base64").toString("utf8"));
    } catch {
      continue;
    }
    const auths: Record<string, any> = parsed?.auths ?? parsed ?? {};
    for (const [key, entry] of Object.entries(auths)) {
      if (!sameHost(hostOfKey(key), host) || !entry || typeof entry !== "object") continue;
      if (entry.username !== undefined || entry.password !== undefined) return { username: entry.username, password: entry.password };
      if (typeof entry.auth === "string") {
        const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
        const sep = decoded.indexOf(":");
        return { username: decoded.slice(0, sep), password: decoded.slice(sep + 1) };
      }
    }
  }
  return undefined;
}

/** "localhost:5000" and "127.0.0.1:5000" name the same registry. */
export function sameHost(a: string, b: string): boolean {
  const norm = (h: string) => h.toLowerCase().replace(/^localhost(?=:|$)/, "127.0.0.1");
  return norm(a) === norm(b);
}

export interface PulledImage {
  /** Manifest digest, "sha256:…". */
  digest: string;
  sizeBytes: number;
  labels: Record<string, string>;
}

export type PullFailure = "NotFound" | "Unauthorized" | "Forbidden" | "Unavailable";

export class ImagePullError extends Error {
  constructor(
    public readonly failure: PullFailure,
    message: string,
  ) {
    super(message);
  }
}

const MANIFEST_ACCEPT = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const space = header.indexOf(" ");
  const scheme = (space >= 0 ? header.slice(0, space) : header).toLowerCase();
  const params: Record<string, string> = {};
  for (const m of header.slice(space + 1).matchAll(/(\w+)="([^"]*)"/g)) params[m[1].toLowerCase()] = m[2];
  return { scheme, params };
}

/** Pulls (resolves) an image from the registry at `registryUrl` (e.g. "http://127.0.0.1:5000"). */
export async function pullImage(ref: ImageRef, registryUrl: string, credentials: RegistryCredentials | undefined, timeoutMs = 15_000): Promise<PulledImage> {
  const base = registryUrl.replace(/\/+$/, "");
  const name = ref.normalized;
  const prefix = `failed to pull and unpack image "${name}": failed to resolve reference "${name}"`;
  let authorization: string | undefined;
  const basic = credentials ? `Basic ${Buffer.from(`${credentials.username ?? ""}:${credentials.password ?? ""}`).toString("base64")}` : undefined;

  const request = async (url: string, accept: string): Promise<Response> => {
    const send = (auth?: string) =>
      fetch(url, { headers: { Accept: accept, ...(auth ? { Authorization: auth } : {}) }, signal: AbortSignal.timeout(timeoutMs) }).catch((err: any) => {
        const cause = err?.cause?.code === "ECONNREFUSED" ? `dial tcp ${new URL(url).host}: connect: connection refused` : String(err?.cause?.message ?? err?.message ?? err);
        throw new ImagePullError("Unavailable", `${prefix}: failed to do request: Head "${url}": ${cause}`);
      });
    let res = await send(authorization);
    if (res.status !== 401) return res;
    const challenge = parseChallenge(res.headers.get("www-authenticate") ?? "");
    await res.arrayBuffer().catch(() => undefined);
    if (challenge.scheme === "basic") {
      if (!basic) throw new ImagePullError("Unauthorized", `${prefix}: pull access denied, repository does not exist or may require authorization: authorization failed: no basic auth credentials`);
      authorization = basic;
      res = await send(authorization);
    } else if (challenge.scheme === "bearer" && challenge.params.realm) {
      const tokenUrl = new URL(challenge.params.realm);
      if (challenge.params.service) tokenUrl.searchParams.set("service", challenge.params.service);
      tokenUrl.searchParams.set("scope", challenge.params.scope ?? `repository:${ref.repository}:pull`);
      const tokenRes = await fetch(tokenUrl, { headers: basic ? { Authorization: basic } : {}, signal: AbortSignal.timeout(timeoutMs) }).catch(() => undefined);
      if (!tokenRes || !tokenRes.ok) {
        const status = tokenRes ? `${tokenRes.status} ${tokenRes.statusText || "Unauthorized"}` : "connection refused";
        throw new ImagePullError(
          "Unauthorized",
          `${prefix}: failed to authorize: failed to fetch ${basic ? "oauth" : "anonymous"} token: unexpected status from GET request to ${tokenUrl}: ${status}`,
        );
      }
      const body: any = await tokenRes.json().catch(() => ({}));
      const token = body.token ?? body.access_token;
      if (!token) throw new ImagePullError("Unauthorized", `${prefix}: failed to authorize: no token in the token response from ${tokenUrl}`);
      authorization = `Bearer ${token}`;
      res = await send(authorization);
    }
    if (res.status === 401)
      throw new ImagePullError("Unauthorized", `${prefix}: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`);
    return res;
  };

  const failFor = (res: Response, url: string, what: string): never => {
    if (res.status === 404) throw new ImagePullError("NotFound", `${prefix}: ${name}: not found`);
    if (res.status === 403) throw new ImagePullError("Forbidden", `${prefix}: unexpected status from GET request to ${url}: 403 Forbidden`);
    throw new ImagePullError("Unavailable", `${prefix}: unexpected status from GET request to ${url}: ${res.status} ${res.statusText} (${what})`);
  };

  const manifestUrl = (reference: string) => `${base}/v2/${ref.repository}/manifests/${reference}`;
  let url = manifestUrl(ref.digest ?? ref.tag ?? "latest");
  let res = await request(url, MANIFEST_ACCEPT);
  if (!res.ok) failFor(res, url, "manifest");
  let bodyText = await res.text();
  const digest = res.headers.get("docker-content-digest") ?? `sha256:${createHash("sha256").update(bodyText).digest("hex")}`;
  let manifest: any = JSON.parse(bodyText);
  if (Array.isArray(manifest.manifests)) {
    const pick =
      manifest.manifests.find((m: any) => m.platform?.os === "linux" && m.platform?.architecture === "amd64") ?? manifest.manifests[0];
    if (!pick) throw new ImagePullError("NotFound", `${prefix}: no match for platform in manifest: not found`);
    url = manifestUrl(pick.digest);
    res = await request(url, MANIFEST_ACCEPT);
    if (!res.ok) failFor(res, url, "platform manifest");
    bodyText = await res.text();
    manifest = JSON.parse(bodyText);
  }
  const layers: any[] = Array.isArray(manifest.layers) ? manifest.layers : [];
  const sizeBytes = layers.reduce((sum, l) => sum + (Number(l.size) || 0), Number(manifest.config?.size) || 0);
  let labels: Record<string, string> = {};
  if (manifest.config?.digest) {
    url = `${base}/v2/${ref.repository}/blobs/${manifest.config.digest}`;
    res = await request(url, "application/json, */*");
    if (!res.ok) failFor(res, url, "config");
    const config: any = await res.json().catch(() => ({}));
    labels = config?.config?.Labels ?? {};
  }
  return { digest, sizeBytes, labels };
}
