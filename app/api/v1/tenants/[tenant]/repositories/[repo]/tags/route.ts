import { listRepositoryTagsOperation } from "@/lib/contracts/images";
import { tenantRoute } from "@/lib/server/http/tenant-route";
import { listRepositoryTags } from "@/lib/server/registry/repositories";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants/{tenant}/repositories/{repo}/tags — digest, size, push time and pusher, newest first.
export const GET = tenantRoute(listRepositoryTagsOperation, async ({ tenant, params }) => ({ items: await listRepositoryTags(tenant, params.repo) }));
