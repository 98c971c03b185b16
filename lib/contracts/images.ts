import { z } from "zod";
import { defineOperation } from "./api-operation";
import { Done, PageQuery, Timestamp } from "./common";

// The image hub: repositories `<tenant-slug>/<name>` in the registry, Apiary as the registry's token server, and
// the registry's notifications keeping the hub's records in step.

/** One path component of a Distribution repository name (no slashes: the tenant slug is the only namespace). */
export const RepositoryName = z
  .string()
  .min(1, "required")
  .max(128, "at most 128 characters")
  .regex(/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/, "lower-case letters, digits and . _ - between them");

export const Repository = z
  .object({
    name: RepositoryName,
    /** `<tenant-slug>/<name>`: what `docker push <registry>/<fullName>:<tag>` uses. */
    fullName: z.string(),
    public: z.boolean(),
    description: z.string().describe("Markdown."),
    pullCount: z.number().int(),
    pushCount: z.number().int(),
    starCount: z.number().int(),
    /** Whether the signed-in person has starred it (always false for API keys). */
    starred: z.boolean(),
    tagCount: z.number().int(),
    lastPushedAt: Timestamp.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: "Repository" });
export type Repository = z.infer<typeof Repository>;

export const RepositoryList = z
  .object({ items: z.array(Repository), total: z.number().int(), nextCursor: z.string().nullable() })
  .meta({ id: "RepositoryList" });
export type RepositoryList = z.infer<typeof RepositoryList>;

export const RepositorySort = z.enum(["name", "last_push", "pulls", "stars"]);
export type RepositorySort = z.infer<typeof RepositorySort>;

export const ListRepositoriesQuery = PageQuery.extend({
  q: z.string().trim().max(128).optional().describe("Part of the repository name."),
  sort: RepositorySort.default("name").describe("name (A–Z), last_push (newest first), pulls or stars (most first)."),
});
export type ListRepositoriesQuery = z.infer<typeof ListRepositoriesQuery>;

export const CreateRepositoryRequest = z
  .object({
    name: RepositoryName,
    public: z.boolean().optional(),
    description: z.string().max(20_000, "at most 20000 characters").optional(),
  })
  .meta({ id: "CreateRepositoryRequest" });
export type CreateRepositoryRequest = z.infer<typeof CreateRepositoryRequest>;

export const UpdateRepositoryRequest = z
  .object({
    public: z.boolean().optional(),
    description: z.string().max(20_000, "at most 20000 characters").optional(),
  })
  .meta({ id: "UpdateRepositoryRequest" });
export type UpdateRepositoryRequest = z.infer<typeof UpdateRepositoryRequest>;

export const ImageLayer = z
  .object({
    digest: z.string(),
    mediaType: z.string().nullable(),
    /** Compressed, as stored in the registry and downloaded by a pull. */
    sizeBytes: z.number().int(),
  })
  .meta({ id: "ImageLayer" });
export type ImageLayer = z.infer<typeof ImageLayer>;

export const RepositoryTag = z
  .object({
    tag: z.string(),
    digest: z.string(),
    mediaType: z.string().nullable(),
    /** Config plus layers when the registry let Apiary read the manifest, else the manifest's own size. */
    sizeBytes: z.number().int(),
    pushedAt: Timestamp,
    pushedBy: z.string().nullable().describe("Who pushed: a user's email or `api-key:<name>`."),
    /** From the image's config; null until Apiary has read it, or for an index (several platforms). */
    os: z.string().nullable(),
    architecture: z.string().nullable().describe("With the variant when there is one, e.g. `arm64/v8`."),
    /** The manifest's layers in order; null until Apiary has read the manifest (right after the push, or lazily). */
    layers: z.array(ImageLayer).nullable(),
  })
  .meta({ id: "RepositoryTag" });
export type RepositoryTag = z.infer<typeof RepositoryTag>;

export const RepositoryTagList = z.object({ items: z.array(RepositoryTag) }).meta({ id: "RepositoryTagList" });
export type RepositoryTagList = z.infer<typeof RepositoryTagList>;

/** Docker token authentication's answer (https://distribution.github.io/distribution/spec/auth/token/). */
export const RegistryToken = z
  .object({
    token: z.string(),
    access_token: z.string(),
    expires_in: z.number().int(),
    issued_at: Timestamp,
  })
  .meta({ id: "RegistryToken" });
export type RegistryToken = z.infer<typeof RegistryToken>;

export const RegistryTokenQuery = z.object({
  service: z.string().max(200).optional(),
  /** Repeatable; only the last value is described here, the server reads every `scope`. */
  scope: z.string().max(1000).optional().describe("`repository:<tenant-slug>/<name>:pull,push` (repeatable)."),
  account: z.string().max(254).optional(),
});

/** One event of Distribution's notifications envelope; fields Apiary does not use pass through unchecked. */
export const RegistryEvent = z.looseObject({
  id: z.string().min(1).max(200),
  timestamp: z.string().optional(),
  action: z.string(),
  target: z
    .looseObject({
      mediaType: z.string().optional(),
      size: z.number().optional(),
      length: z.number().optional(),
      digest: z.string().optional(),
      repository: z.string().optional(),
      tag: z.string().optional(),
    })
    .optional(),
  request: z.looseObject({ id: z.string().optional(), method: z.string().optional() }).optional(),
  actor: z.looseObject({ name: z.string().optional() }).optional(),
});
export type RegistryEvent = z.infer<typeof RegistryEvent>;

export const RegistryEventEnvelope = z.object({ events: z.array(RegistryEvent).max(1000) }).meta({ id: "RegistryEventEnvelope" });
export type RegistryEventEnvelope = z.infer<typeof RegistryEventEnvelope>;

export const RegistryEventsResult = z.object({ applied: z.number().int(), skipped: z.number().int() }).meta({ id: "RegistryEventsResult" });

export const registryTokenOperation = defineOperation({
  id: "getRegistryToken",
  method: "GET",
  path: "/api/v1/registry/token",
  summary: "Docker registry token (the registry's `auth.token.realm`)",
  description:
    "HTTP Basic with an email and password, or any user name and an API key (`apk_…`), or a tenant's pull robot (`robot$<tenant-slug>`, pull only); " +
    "no credentials for anonymous access. " +
    "The token grants what the caller's role allows on each requested `repository:<tenant-slug>/<name>` scope: viewers pull, " +
    "developers push, admins and owners also delete; public repositories are pullable by anyone signed in. A scope the caller " +
    "may not use is granted with no actions. Errors carry both Docker's `errors` array and Apiary's `error` object.",
  tag: "Image hub",
  access: "public",
  query: RegistryTokenQuery,
  response: RegistryToken,
  errors: ["unauthorized", "rate_limited"],
});

export const RegistryCredentials = z
  .object({
    username: z.string().meta({ description: "The robot's user name, `robot$<tenant-slug>`." }),
    registry: z.string().meta({ description: "The registry host and port the pull secret is written for." }),
    secretName: z.string().meta({ description: "The `kubernetes.io/dockerconfigjson` Secret in the tenant's namespace." }),
    rotatedAt: z.string(),
  })
  .meta({ id: "RegistryCredentials" });
export type RegistryCredentials = z.infer<typeof RegistryCredentials>;

export const rotateRegistryCredentialsOperation = defineOperation({
  id: "rotateRegistryCredentials",
  method: "POST",
  path: "/api/v1/tenants/{tenant}/registry-credentials/rotate",
  summary: "Rotate the namespace's registry pull credential",
  description:
    "Issues a new secret for the tenant's robot (`robot$<tenant-slug>`, which may only pull the tenant's repositories and public ones) " +
    "and writes it into the `apiary-registry` pull secret of the tenant's namespace. The old secret stops working at once. " +
    "The secret itself is never returned.",
  tag: "Image hub",
  access: "signed-in",
  permission: "images:delete",
  response: RegistryCredentials,
  errors: ["unauthorized", "forbidden", "not_found", "unavailable"],
});

export const registryEventsOperation = defineOperation({
  id: "receiveRegistryEvents",
  method: "POST",
  path: "/api/v1/registry/events",
  summary: "The registry's notifications endpoint (push, pull, delete)",
  description:
    "Distribution posts `application/vnd.docker.distribution.events.v1+json` here with `Authorization: Bearer <APIARY_REGISTRY_EVENTS_SECRET>`. " +
    "Each event id is applied once; replays are skipped.",
  tag: "Image hub",
  access: "public",
  body: RegistryEventEnvelope,
  response: RegistryEventsResult,
  errors: ["unauthorized"],
});

/**
 * Whether the image registry is reachable from Apiary right now, in words a tenant may see: no address, no error.
 * While it is not, pushes, pulls and tag deletions fail and the hub lists what Apiary last knew.
 */
export const RegistryStatus = z
  .object({
    reachable: z.boolean(),
    checkedAt: z.string().meta({ description: "When the registry was last probed (at most about 10 s ago)." }),
    lastReachableAt: z.string().nullable().meta({ description: "When Apiary last reached the registry; null when not since this server started." }),
  })
  .meta({ id: "RegistryStatus" });
export type RegistryStatus = z.infer<typeof RegistryStatus>;

export const getRegistryStatusOperation = defineOperation({
  id: "getRegistryStatus",
  method: "GET",
  path: "/api/v1/tenants/{tenant}/registry-status",
  summary: "Whether the image registry is reachable now, and when it last was",
  description: "Probed at most once every 10 s per server, so opening the hub does not load the registry.",
  tag: "Image hub",
  access: "signed-in",
  permission: "images:read",
  response: RegistryStatus,
  errors: ["unauthorized", "forbidden", "not_found"],
});

export const listRepositoriesOperation = defineOperation({
  id: "listRepositories",
  method: "GET",
  path: "/api/v1/tenants/{tenant}/repositories",
  summary: "The tenant's image repositories, searchable and sorted",
  tag: "Image hub",
  access: "signed-in",
  permission: "images:read",
  query: ListRepositoriesQuery,
  response: RepositoryList,
  errors: ["unauthorized", "forbidden", "not_found"],
});

export const createRepositoryOperation = defineOperation({
  id: "createRepository",
  method: "POST",
  path: "/api/v1/tenants/{tenant}/repositories",
  summary: "Create an (empty) repository; a first push creates one too",
  tag: "Image hub",
  access: "signed-in",
  permission: "images:write",
  body: CreateRepositoryRequest,
  response: Repository,
  successStatus: 201,
  errors: ["unauthorized", "forbidden", "not_found", "conflict"],
});

export const updateRepositoryOperation = defineOperation({
  id: "updateRepository",
  method: "PATCH",
  path: "/api/v1/tenants/{tenant}/repositories/{repo}",
  summary: "Make a repository public or private, or change its description",
  tag: "Image hub",
  access: "signed-in",
  permission: "images:write",
  body: UpdateRepositoryRequest,
  response: Repository,
  errors: ["unauthorized", "forbidden", "not_found"],
});

export const listRepositoryTagsOperation = defineOperation({
  id: "listRepositoryTags",
  method: "GET",
  path: "/api/v1/tenants/{tenant}/repositories/{repo}/tags",
  summary: "A repository's tags: digest, size, push time and pusher, newest first",
  tag: "Image hub",
  access: "signed-in",
  permission: "images:read",
  response: RepositoryTagList,
  errors: ["unauthorized", "forbidden", "not_found"],
});

export const deleteRepositoryTagOperation = defineOperation({
  id: "deleteRepositoryTag",
  method: "DELETE",
  path: "/api/v1/tenants/{tenant}/repositories/{repo}/tags/{tag}",
  summary: "Delete a tag: the registry deletes its manifest (and so every tag of the same digest)",
  tag: "Image hub",
  access: "signed-in",
  permission: "images:delete",
  response: Done,
  errors: ["unauthorized", "forbidden", "not_found", "unavailable"],
});

/** A person's star on a repository, and the repository's count after the change. */
export const RepositoryStar = z.object({ starred: z.boolean(), starCount: z.number().int() }).meta({ id: "RepositoryStar" });
export type RepositoryStar = z.infer<typeof RepositoryStar>;

export const starRepositoryOperation = defineOperation({
  id: "starRepository",
  method: "PUT",
  path: "/api/v1/tenants/{tenant}/repositories/{repo}/star",
  summary: "Star a repository of the tenant (one star per person; starring twice changes nothing)",
  description: "Stars belong to people: API keys are refused. Public repositories of other tenants are starred through the catalogue.",
  tag: "Image hub",
  access: "signed-in",
  permission: "images:read",
  response: RepositoryStar,
  errors: ["unauthorized", "forbidden", "not_found"],
});

export const unstarRepositoryOperation = defineOperation({
  id: "unstarRepository",
  method: "DELETE",
  path: "/api/v1/tenants/{tenant}/repositories/{repo}/star",
  summary: "Remove the signed-in person's star from a repository of the tenant",
  tag: "Image hub",
  access: "signed-in",
  permission: "images:read",
  response: RepositoryStar,
  errors: ["unauthorized", "forbidden", "not_found"],
});

// ── The public catalogue: public repositories of every tenant ──────────────────────────────────────────────────

export const CatalogueRepository = z
  .object({
    tenant: z.string().describe("The owning tenant's slug."),
    name: RepositoryName,
    fullName: z.string(),
    description: z.string().describe("Markdown."),
    tagCount: z.number().int(),
    /** The most recently pushed tag, for the pull command; null while the repository is empty. */
    latestTag: z.string().nullable(),
    pullCount: z.number().int(),
    starCount: z.number().int(),
    /** Whether the signed-in person has starred it (false for anonymous callers and API keys). */
    starred: z.boolean(),
    lastPushedAt: Timestamp.nullable(),
  })
  .meta({ id: "CatalogueRepository" });
export type CatalogueRepository = z.infer<typeof CatalogueRepository>;

export const CatalogueList = z
  .object({
    items: z.array(CatalogueRepository),
    total: z.number().int(),
    nextCursor: z.string().nullable(),
    /** The registry's `host:port` for pull commands (`docker pull <registryHost>/<fullName>:<tag>`). */
    registryHost: z.string(),
  })
  .meta({ id: "CatalogueList" });
export type CatalogueList = z.infer<typeof CatalogueList>;

export const ListCatalogueQuery = PageQuery.extend({
  q: z.string().trim().max(128).optional().describe("Part of the repository's full name (`<tenant>/<name>`)."),
  sort: RepositorySort.default("stars").describe("stars or pulls (most first), last_push (newest first) or name (A–Z)."),
});
export type ListCatalogueQuery = z.infer<typeof ListCatalogueQuery>;

export const listCatalogueOperation = defineOperation({
  id: "listCatalogue",
  method: "GET",
  path: "/api/v1/catalogue",
  summary: "Public repositories of every tenant, searchable and sorted",
  description:
    "Needs a session or an API key, unless the operator allows anonymous pulls (`APIARY_REGISTRY_ANONYMOUS_PULL=true`): " +
    "then anyone may browse what anyone may pull.",
  tag: "Image hub",
  access: "public",
  query: ListCatalogueQuery,
  response: CatalogueList,
  errors: ["unauthorized"],
});

export const starCatalogueRepositoryOperation = defineOperation({
  id: "starCatalogueRepository",
  method: "PUT",
  path: "/api/v1/catalogue/{tenant}/{repo}/star",
  summary: "Star a public repository of any tenant (or one of your own tenants' repositories)",
  tag: "Image hub",
  access: "signed-in",
  response: RepositoryStar,
  errors: ["unauthorized", "forbidden", "not_found"],
});

export const unstarCatalogueRepositoryOperation = defineOperation({
  id: "unstarCatalogueRepository",
  method: "DELETE",
  path: "/api/v1/catalogue/{tenant}/{repo}/star",
  summary: "Remove the signed-in person's star from a repository in the catalogue",
  tag: "Image hub",
  access: "signed-in",
  response: RepositoryStar,
  errors: ["unauthorized", "forbidden", "not_found"],
});
