import { listWarningEventsOperation } from "@/lib/contracts/ops-monitoring";
import { adminRoute } from "@/lib/server/http/user-route";
import { listWarningEvents } from "@/lib/server/ops/list-warning-events";

export const dynamic = "force-dynamic";

// GET /api/v1/ops/events/warnings — the last hour's Warning events in every namespace (platform admins).
export const GET = adminRoute(listWarningEventsOperation, async () => listWarningEvents());
