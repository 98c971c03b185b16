import { getRegistryStatusOperation } from "@/lib/contracts/images";
import { tenantRoute } from "@/lib/server/http/tenant-route";
import { getRegistryStatus } from "@/lib/server/registry/registry-reachability";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants/{tenant}/registry-status — is the image registry reachable now (probed at most every 10 s),
// and when was it last; the hub's banner. Words only: the registry's address and errors stay with the operator.
export const GET = tenantRoute(getRegistryStatusOperation, async () => getRegistryStatus());
