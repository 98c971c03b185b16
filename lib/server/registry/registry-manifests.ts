import "server-only";
import { ApiError } from "@/lib/server/http/api-error";
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

async function registryFetch(repository: string, actions: string[], path: string, init: RequestInit = {}): Promise<Response> {
  const token = await apiaryRegistryToken([{ type: "repository", name: repository, actions }]);
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${token}`);
  return fetch(`${registrySettings().registryUrl}/v2/${repository}${path}`, { ...init, headers, signal: AbortSignal.timeout(10_000) });
}

/**
 * The image's size in bytes — manifest, config and layers, as `docker images` would count the download — or
 * null when the manifest cannot be read or is an index (whose platforms each have their own size).
 */
export async function findImageSize(repository: string, digest: string): Promise<number | null> {
  try {
    const response = await registryFetch(repository, ["pull"], `/manifests/${digest}`, { headers: { accept: MANIFEST_MEDIA_TYPES.join(", ") } });
    if (!response.ok) return null;
    const text = await response.text();
    const manifest = JSON.parse(text) as { config?: { size?: number }; layers?: { size?: number }[] };
    if (!manifest.config || !Array.isArray(manifest.layers)) return null;
    return Buffer.byteLength(text) + (manifest.config.size ?? 0) + manifest.layers.reduce((sum, layer) => sum + (layer.size ?? 0), 0);
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
    throw new ApiError("unavailable", `The registry did not answer (${error instanceof Error ? error.message : String(error)}); try again.`);
  }
  if (response.status === 202 || response.status === 200 || response.status === 404) return;
  const detail = (await response.text().catch(() => "")).slice(0, 300);
  throw new ApiError("unavailable", `The registry refused to delete ${repository}@${digest} (HTTP ${response.status}): ${detail}`);
}
