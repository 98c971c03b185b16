// The commands a user types to put an image into the hub. Built in one place so the empty list, the
// "repository created" dialog and the detail page all show exactly the same, copyable text.

/** `<host>/<tenant>/<repository>:<tag>`: what docker, skopeo and a deployment's `image` field all accept. */
export function imageReference(host: string, tenant: string, repository: string, tag: string): string {
  return `${host}/${tenant}/${repository}:${tag}`;
}

/** `sha256:0123456789ab…` → `sha256:0123456789ab` (12 hex digits, as docker prints image ids). */
export function shortDigest(digest: string): string {
  const [algorithm, hex] = digest.includes(":") ? digest.split(":", 2) : ["", digest];
  const short = hex.slice(0, 12);
  return algorithm ? `${algorithm}:${short}` : short;
}

export type PushCommands = { login: string; tag: string; push: string; skopeo: string };

/**
 * The docker login / tag / push sequence for one repository, and the skopeo equivalent (which needs no docker
 * daemon: it copies from the local docker store, and `--dest-creds` takes an email and password or an API key).
 */
export function buildPushCommands(input: { host: string; tenant: string; repository: string; localImage: string; tag: string }): PushCommands {
  const target = imageReference(input.host, input.tenant, input.repository, input.tag);
  return {
    login: `docker login ${input.host}`,
    tag: `docker tag ${input.localImage} ${target}`,
    push: `docker push ${target}`,
    skopeo: `skopeo copy --dest-creds "$APIARY_USER:$APIARY_PASSWORD" docker-daemon:${input.localImage} docker://${target}`,
  };
}

/** Where the deployments form reads the image to deploy from (`/{tenant}/deployments?image=…`). */
export function deployHref(tenant: string, image: string): string {
  return `/${tenant}/deployments?${new URLSearchParams({ image }).toString()}`;
}
