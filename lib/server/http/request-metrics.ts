import "server-only";

// Request counts and latency per route, kept in process and exposed in Prometheus text at /api/v1/metrics.
// Bucket bounds follow the Prometheus client defaults for HTTP latency in seconds.
const BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Series {
  count: number;
  sumSeconds: number;
  buckets: number[];
}

const requests = new Map<string, number>();
const durations = new Map<string, Series>();

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

export function observeRequest(operationId: string, method: string, status: number, durationMs: number): void {
  const key = `${operationId}\u0000${method}\u0000${status}`;
  requests.set(key, (requests.get(key) ?? 0) + 1);
  const seriesKey = `${operationId}\u0000${method}`;
  let series = durations.get(seriesKey);
  if (!series) {
    series = { count: 0, sumSeconds: 0, buckets: BUCKETS_SECONDS.map(() => 0) };
    durations.set(seriesKey, series);
  }
  const seconds = durationMs / 1000;
  series.count++;
  series.sumSeconds += seconds;
  BUCKETS_SECONDS.forEach((bound, i) => {
    if (seconds <= bound) series.buckets[i]++;
  });
}

export function renderRequestMetrics(): string {
  const lines = [
    "# HELP apiary_http_requests_total Requests answered by the Apiary API, by operation, method and status.",
    "# TYPE apiary_http_requests_total counter",
  ];
  for (const [key, value] of requests) {
    const [operation, method, status] = key.split("\u0000");
    lines.push(`apiary_http_requests_total{operation="${escapeLabel(operation)}",method="${method}",status="${status}"} ${value}`);
  }
  lines.push(
    "# HELP apiary_http_request_duration_seconds Time to answer an API request, by operation and method.",
    "# TYPE apiary_http_request_duration_seconds histogram",
  );
  for (const [key, series] of durations) {
    const [operation, method] = key.split("\u0000");
    const labels = `operation="${escapeLabel(operation)}",method="${method}"`;
    BUCKETS_SECONDS.forEach((bound, i) => lines.push(`apiary_http_request_duration_seconds_bucket{${labels},le="${bound}"} ${series.buckets[i]}`));
    lines.push(`apiary_http_request_duration_seconds_bucket{${labels},le="+Inf"} ${series.count}`);
    lines.push(`apiary_http_request_duration_seconds_sum{${labels}} ${series.sumSeconds}`);
    lines.push(`apiary_http_request_duration_seconds_count{${labels}} ${series.count}`);
  }
  return `${lines.join("\n")}\n`;
}
