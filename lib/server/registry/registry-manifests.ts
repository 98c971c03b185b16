import "server-only";
import type { ImageLayer } from "@/lib/contracts/images";
import { ApiError } from "@/lib/server/http/api-error";
import { describeFailure } from "@/lib/server/http/describe-failure";
import { apiaryRegistryToken } from "./issue-registry-token";
import { registrySettings } from "./registry-settings";

/** Manifest media types: events for these are image pushes and pulls; anything else is a blob. */
export const MANIFEST_MEDIA_TYPES = [
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.docker.distribution.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v1+prettyjws",
];

export async function registryFetch(repository: string, actions: string[], path: string, init: RequestInit = {}): Promise<Response> {
  const token = await apiaryRegistryToken([{ type: "repository", name: repository, actions }]);
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${token}`);
  return fetch(`${registrySettings().registryUrl}/v2/${repository}${path}`, { ...init, headers, signal: AbortSignal.timeout(10_000) });
}

export interface ImageDetails {
  /** Manifest, config and layers, as `docker images` would count the download; the manifest alone for an index. */
  sizeBytes: number;
  /** Null for an index (each platform has its own layers). */
  layers: ImageLayer[] | null;
  os: string | null;
  /** `amd64`, or `arm64/v8` when the config names a variant. */
  architecture: string | null;
}

/** What a manifest says about the image, before its config is read: null when the text is not a manifest at all. */
export function parseImageManifest(text: string): { sizeBytes: number; configDigest: string | null; layers: ImageLayer[] | null } | null {
  let manifest: { config?: { digest?: unknown; size?: unknown }; layers?: { digest?: unknown; mediaType?: unknown; size?: unknown }[]; manifests?: unknown };
  try {
    manifest = JSON.parse(text);
  } catch {
    return null;
  }
  if (!manifest || typeof manifest !== "object") return null;
  const manifestBytes = Buffer.byteLength(text);
  if (!manifest.config || !Array.isArray(manifest.layers)) {
    return Array.isArray(manifest.manifests) ? { sizeBytes: manifestBytes, configDigest: null, layers: null } : null;
  }
  const size = (value: unknown) => (typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : 0);
  const layers = manifest.layers.map((layer) => ({
    digest: typeof layer.digest === "string" ? layer.digest : "",
    mediaType: typeof layer.mediaType === "string" ? layer.mediaType : null,
    sizeBytes: size(layer.size),
  }));
  return {
    sizeBytes: manifestBytes + size(manifest.config.size) + layers.reduce((sum, layer) => sum + layer.sizeBytes, 0),
    configDigest: typeof manifest.config.digest === "string" ? manifest.config.digest : null,
    layers,
  };
}

/** `os` and `architecture` (with its `variant`) from an image config; nulls for what it does not say. */
export function platformOfConfig(text: string): { os: string | null; architecture: string | null } {
  try {
    const config = JSON.parse(text) as { os?: unknown; architecture?: unknown; variant?: unknown };
    const text_ = (value: unknown) => (typeof value === "string" && value.length > 0 && value.length <= 64 ? value : null);
    const architecture = text_(config.architecture);
    const variant = text_(config.variant);
    return { os: text_(config.os), architecture: architecture && variant ? `${architecture}/${variant}` : architecture };
  } catch {
    return { os: null, architecture: null };
  }
}

/**
 * The image's size, layers and platform, read from its manifest and config blob with Apiary's own token; null
 * when the registry could not be asked (so a later try may succeed). An unreadable config leaves the platform
 * null but keeps the layers.
 */
export async function findImageDetails(repository: string, digest: string): Promise<ImageDetails | null> {
  try {
    const response = await registryFetch(repository, ["pull"], `/manifests/${digest}`, { headers: { accept: MANIFEST_MEDIA_TYPES.join(", ") } });
    if (!response.ok) return null;
    const manifest = parseImageManifest(await response.text());
    if (!manifest) return null;
    let platform: { os: string | null; architecture: string | null } = { os: null, architecture: null };
    if (manifest.configDigest) {
      const config = await registryFetch(repository, ["pull"], `/blobs/${manifest.configDigest}`).catch(() => null);
      if (config?.ok) platform = platformOfConfig(await config.text());
    }
    return { sizeBytes: manifest.sizeBytes, layers: manifest.layers, ...platform };
  } catch {
    return null;
  }
}

/** Deletes a manifest by digest (every tag pointing at it goes with it). A manifest already gone is not an error. */
export async function deleteManifest(repository: string, digest: string): Promise<void> {
  let response: Response;
  try {
    response = await registryFetch(repository, ["delete"], `/manifests/${digest}`, { method: "DELETE" });
  } catch (error) {
    throw new ApiError(
      "unavailable",
      `The image registry is not reachable (${describeFailure(error)}), so ${repository}@${digest} was not deleted. Try again once it is back.`,
      undefined,
      { "retry-after": "30" },
    );
  }
  if (response.status === 202 || response.status === 200 || response.status === 404) return;
  const detail = (await response.text().catch(() => "")).slice(0, 300);
  throw new ApiError("unavailable", `The registry refused to delete ${repository}@${digest} (HTTP ${response.status}): ${detail}`);
}
