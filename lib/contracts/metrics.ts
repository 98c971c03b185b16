import { z } from "zod";
import { defineOperation } from "./api-operation";

export const metricsOperation = defineOperation({
  id: "getMetrics",
  method: "GET",
  path: "/api/v1/metrics",
  summary: "Apiary's own metrics in the Prometheus text format, for operators",
  tag: "Health",
  access: "public",
  response: z.string(),
  responseContentType: "text/plain; version=0.0.4; charset=utf-8",
});
