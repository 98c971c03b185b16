import { readyzOperation } from "@/lib/contracts/health";
import { checkReadiness } from "@/lib/server/health/check-readiness";
import { route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

// GET /api/v1/readyz — database, cluster and registry, each reported; 503 with the same report when any is down.
export const GET = route(readyzOperation, async () => {
  const report = await checkReadiness();
  const body = readyzOperation.response.parse(report);
  return body.status === "ready" ? body : Response.json(body, { status: 503, headers: { "retry-after": "5", "cache-control": "no-store" } });
});
