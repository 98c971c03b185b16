import { readyzOperation } from "@/lib/contracts/health";
import { readyzForCaller } from "@/lib/server/health/readyz-for-caller";
import { route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

// GET /api/v1/readyz — database, cluster and registry, each up or down (with targets, latencies and errors for a
// platform admin); 503 with the same report when any is down. Public: kubelets probe it anonymously.
export const GET = route(readyzOperation, async ({ request }) => {
  const body = readyzOperation.response.parse(await readyzForCaller(request));
  return body.status === "ready" ? body : Response.json(body, { status: 503, headers: { "retry-after": "5", "cache-control": "no-store" } });
});
