import { metricsOperation } from "@/lib/contracts/metrics";
import { renderRequestMetrics } from "@/lib/server/http/request-metrics";
import { route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

// GET /api/v1/metrics — Apiary's own metrics for Prometheus.
export const GET = route(metricsOperation, async () =>
  new Response(renderRequestMetrics(), { headers: { "content-type": metricsOperation.responseContentType!, "cache-control": "no-store" } }),
);
