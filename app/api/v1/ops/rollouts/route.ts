import { listOpsRolloutsOperation } from "@/lib/contracts/ops-monitoring";
import { adminRoute } from "@/lib/server/http/user-route";
import { listOpsRollouts } from "@/lib/server/ops/list-ops-rollouts";

export const dynamic = "force-dynamic";

// GET /api/v1/ops/rollouts — workloads whose rollout is not complete, in every namespace (platform admins).
export const GET = adminRoute(listOpsRolloutsOperation, async () => listOpsRollouts());
