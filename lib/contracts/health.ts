import { z } from "zod";
import { defineOperation } from "./api-operation";

export const Healthz = z.object({ status: z.literal("ok"), uptimeSeconds: z.number().int().nonnegative() }).meta({ id: "Healthz" });
export type Healthz = z.infer<typeof Healthz>;

export const DependencyCheck = z
  .object({
    status: z.enum(["up", "down"]),
    latencyMs: z.number().int().nonnegative(),
    /** Where Apiary looked, with any credentials removed. */
    target: z.string(),
    error: z.string().optional(),
  })
  .meta({ id: "DependencyCheck" });
export type DependencyCheck = z.infer<typeof DependencyCheck>;

export const Readyz = z
  .object({
    status: z.enum(["ready", "not_ready"]),
    checks: z.object({ database: DependencyCheck, cluster: DependencyCheck, registry: DependencyCheck }),
  })
  .meta({ id: "Readyz" });
export type Readyz = z.infer<typeof Readyz>;

export const healthzOperation = defineOperation({
  id: "getHealthz",
  method: "GET",
  path: "/api/v1/healthz",
  summary: "Liveness: the process is up",
  tag: "Health",
  access: "public",
  response: Healthz,
});

export const readyzOperation = defineOperation({
  id: "getReadyz",
  method: "GET",
  path: "/api/v1/readyz",
  summary: "Readiness: database, cluster and registry reachability, each reported separately",
  description: "Answers 200 when every dependency is up and 503 (with the same body) when any is down.",
  tag: "Health",
  access: "public",
  response: Readyz,
  alsoAnswers: [503],
});

export const openApiOperation = defineOperation({
  id: "getOpenApi",
  method: "GET",
  path: "/api/v1/openapi.json",
  summary: "This API's OpenAPI 3.1 description, generated from the same schemas that validate requests",
  tag: "Health",
  access: "public",
  response: z.record(z.string(), z.unknown()),
});
