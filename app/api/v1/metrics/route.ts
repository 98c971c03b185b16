import { metricsOperation } from "@/lib/contracts/metrics";
import { renderRequestMetrics } from "@/lib/server/http/request-metrics";
import { route } from "@/lib/server/http/route";
import { collectServerMetrics, renderServerMetrics } from "@/lib/server/http/server-metrics";

export const dynamic = "force-dynamic";

// GET /api/v1/metrics — Apiary's own metrics for Prometheus: requests per route, then the server's state (watch
// cache, metrics collector, billing meter, SSE streams, process). Unauthenticated, for a scraper inside the
// cluster; README.md, "Operating Apiary", says how to keep it off the public ingress.
export const GET = route(metricsOperation, async () =>
  new Response(renderRequestMetrics() + renderServerMetrics(collectServerMetrics()), {
    headers: { "content-type": metricsOperation.responseContentType!, "cache-control": "no-store" },
  }),
);
