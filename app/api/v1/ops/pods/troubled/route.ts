import { listTroubledPodsOperation } from "@/lib/contracts/ops-monitoring";
import { adminRoute } from "@/lib/server/http/user-route";
import { listTroubledPods } from "@/lib/server/ops/list-troubled-pods";

export const dynamic = "force-dynamic";

// GET /api/v1/ops/pods/troubled — failed, stuck and recently restarted pods in every namespace (platform admins).
export const GET = adminRoute(listTroubledPodsOperation, async () => listTroubledPods());
