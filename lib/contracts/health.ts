import { z } from "zod";
import { defineOperation } from "./api-operation";

export const Healthz = z.object({ status: z.literal("ok"), uptimeSeconds: z.number().int().nonnegative() }).meta({ id: "Healthz" });
export type Healthz = z.infer<typeof Healthz>;

/** One dependency as readiness probed it, in full: what a platform admin sees. */
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

/**
 * One dependency in readyz's answer: up or down for anyone (a probe needs no more); where Apiary looked, how long it
 * took and why it failed only for platform admins, since addresses and connection errors map the platform's insides.
 */
export const ReadyzCheck = z
  .object({
    status: z.enum(["up", "down"]),
    latencyMs: z.number().int().nonnegative().optional().meta({ description: "Platform admins only." }),
    target: z.string().optional().meta({ description: "Where Apiary looked, with any credentials removed. Platform admins only." }),
    error: z.string().optional().meta({ description: "Why the dependency counts as down. Platform admins only." }),
  })
  .meta({ id: "ReadyzCheck" });
export type ReadyzCheck = z.infer<typeof ReadyzCheck>;

export const Readyz = z
  .object({
    status: z.enum(["ready", "not_ready"]),
    detail: z.enum(["summary", "full"]).meta({ description: "`full` (targets, latencies, errors) for a signed-in platform admin; `summary` (up or down) for anyone else." }),
    checks: z.object({ database: ReadyzCheck, cluster: ReadyzCheck, registry: ReadyzCheck }),
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
  description:
    "Answers 200 when every dependency is up and 503 (with the same body) when any is down. Anyone (a kubelet's probe) " +
    "learns only up or down per dependency; a signed-in platform admin also gets each one's target, latency and error.",
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
