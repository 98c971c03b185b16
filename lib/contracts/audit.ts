import { z } from "zod";
import { defineOperation } from "./api-operation";
import { PageQuery, Timestamp } from "./common";

// The audit log: one row per mutation and per sign-in attempt, append-only in the database.

export const AuditActor = z
  .object({
    type: z.enum(["user", "api_key", "system", "anonymous"]),
    id: z.string().nullable(),
    /** Email of a user, name of an API key. */
    label: z.string().nullable(),
  })
  .meta({ id: "AuditActor" });

export const AuditEntry = z
  .object({
    id: z.string(),
    at: Timestamp,
    actor: AuditActor,
    tenantId: z.uuid().nullable(),
    tenantSlug: z.string().nullable(),
    /** What was done: the API operation's id (`signIn`, `inviteMember`, `createApiKey`, `opsSuspendTenant`, …). */
    action: z.string(),
    /** What it was done to, e.g. `user:<id>`, `api_key:<id>`, `invitation:<id>`, `session:<id>`. */
    target: z.string().nullable(),
    result: z.enum(["success", "failure", "denied"]),
    ip: z.string().nullable(),
    requestId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: "AuditEntry" });
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = z.object({ items: z.array(AuditEntry), nextCursor: z.string().nullable() }).meta({ id: "AuditPage" });
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditQuery = PageQuery;
export const OpsAuditQuery = PageQuery.extend({ tenant: z.string().max(63).optional().describe("Only this tenant's entries (slug).") });

export const listAuditOperation = defineOperation({
  id: "listAudit",
  method: "GET",
  path: "/api/v1/tenants/{tenant}/audit",
  summary: "The tenant's audit log, newest first",
  tag: "Audit",
  access: "signed-in",
  permission: "audit:read",
  query: AuditQuery,
  response: AuditPage,
  errors: ["unauthorized", "forbidden", "not_found"],
});

export const opsListAuditOperation = defineOperation({
  id: "opsListAudit",
  method: "GET",
  path: "/api/v1/ops/audit",
  summary: "The whole platform's audit log, newest first (platform admins)",
  tag: "Operations",
  access: "platform-admin",
  query: OpsAuditQuery,
  response: AuditPage,
  errors: ["unauthorized", "forbidden"],
});
