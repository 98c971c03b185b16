import { z } from "zod";
import { defineOperation } from "./api-operation";
import { Timestamp } from "./common";
import { Permission, TenantRole } from "./permissions";

/**
 * provisioning: the namespace is being set up; active: usable; provisioning_failed: the cluster did not accept the
 * setup (retry with POST …/provision); suspended: stopped by an operator or billing; deleted: gone, kept for the record.
 */
export const TenantStatus = z.enum(["provisioning", "active", "provisioning_failed", "suspended", "deleted"]).meta({ id: "TenantStatus" });
export type TenantStatus = z.infer<typeof TenantStatus>;

/** Requests and limits a tenant's namespace may use in total, from its plan. */
export const TenantQuota = z
  .object({
    plan: z.string(),
    requestsCpuMillicores: z.number().int().nonnegative(),
    requestsMemoryMiB: z.number().int().nonnegative(),
    limitsCpuMillicores: z.number().int().nonnegative(),
    limitsMemoryMiB: z.number().int().nonnegative(),
    pods: z.number().int().nonnegative(),
  })
  .meta({ id: "TenantQuota" });
export type TenantQuota = z.infer<typeof TenantQuota>;

export const Tenant = z
  .object({
    id: z.uuid(),
    /** The tenant's name in URLs: DNS-1123, at most 30 characters. */
    slug: z.string(),
    name: z.string(),
    /** Its Kubernetes namespace, `t-<slug>`. */
    namespace: z.string(),
    status: TenantStatus,
    plan: z.string(),
    createdAt: Timestamp,
    /** Why provisioning failed, in words, when status is provisioning_failed. */
    provisioningError: z.string().nullable(),
  })
  .meta({ id: "Tenant" });
export type Tenant = z.infer<typeof Tenant>;

/** A tenant as one of the caller's: with the caller's role and what that role may do. */
export const TenantMembership = Tenant.extend({ role: TenantRole, permissions: z.array(Permission) }).meta({ id: "TenantMembership" });
export type TenantMembership = z.infer<typeof TenantMembership>;

export const TenantList = z.object({ items: z.array(TenantMembership) }).meta({ id: "TenantList" });
export type TenantList = z.infer<typeof TenantList>;

export const TenantDetail = TenantMembership.extend({
  quota: TenantQuota,
  /** `host:port` of the image registry as users reach it, for `docker login` and image references. */
  registryHost: z.string(),
}).meta({ id: "TenantDetail" });
export type TenantDetail = z.infer<typeof TenantDetail>;

export const TenantName = z.string().trim().min(2, "at least 2 characters").max(60, "at most 60 characters");

export const CreateTenantRequest = z.object({ name: TenantName }).meta({ id: "CreateTenantRequest" });
export type CreateTenantRequest = z.infer<typeof CreateTenantRequest>;

/** An operator's view of a tenant. */
export const OpsTenant = Tenant.extend({
  memberCount: z.number().int().nonnegative(),
  ownerEmails: z.array(z.string()),
  suspendedAt: Timestamp.nullable(),
  deletedAt: Timestamp.nullable(),
}).meta({ id: "OpsTenant" });
export type OpsTenant = z.infer<typeof OpsTenant>;

export const OpsTenantList = z.object({ items: z.array(OpsTenant) }).meta({ id: "OpsTenantList" });
export type OpsTenantList = z.infer<typeof OpsTenantList>;

export const OpsTenantListQuery = z.object({
  status: TenantStatus.optional().describe("Only tenants in this status."),
  q: z.string().trim().max(100).optional().describe("Part of the slug or name."),
});

export const DeleteTenantRequest = z
  .object({ confirm: z.string().describe("The tenant's slug, typed again to confirm.") })
  .meta({ id: "DeleteTenantRequest" });
export type DeleteTenantRequest = z.infer<typeof DeleteTenantRequest>;

export const listTenantsOperation = defineOperation({
  id: "listTenants",
  method: "GET",
  path: "/api/v1/tenants",
  summary: "The caller's tenants, each with the caller's role and permissions",
  tag: "Tenants",
  access: "signed-in",
  response: TenantList,
  errors: ["unauthorized"],
});

export const createTenantOperation = defineOperation({
  id: "createTenant",
  method: "POST",
  path: "/api/v1/tenants",
  summary: "Create another tenant with the caller as its owner, and provision its namespace",
  description:
    "Answers after the namespace exists. When the cluster refuses, the tenant is answered with status `provisioning_failed`; retry with `POST /api/v1/tenants/{tenant}/provision`.",
  tag: "Tenants",
  access: "signed-in",
  body: CreateTenantRequest,
  response: TenantDetail,
  successStatus: 201,
  errors: ["unauthorized", "forbidden"],
});

export const getTenantOperation = defineOperation({
  id: "getTenant",
  method: "GET",
  path: "/api/v1/tenants/{tenant}",
  summary: "One tenant: status, namespace, quota, and the caller's role and permissions",
  tag: "Tenants",
  access: "signed-in",
  permission: "tenant:read",
  response: TenantDetail,
  errors: ["unauthorized", "not_found"],
});

export const provisionTenantOperation = defineOperation({
  id: "provisionTenant",
  method: "POST",
  path: "/api/v1/tenants/{tenant}/provision",
  summary: "Run the tenant's provisioning again (after provisioning_failed); idempotent",
  tag: "Tenants",
  access: "signed-in",
  permission: "tenant:write",
  response: TenantDetail,
  errors: ["unauthorized", "forbidden", "not_found", "unavailable"],
});

export const opsListTenantsOperation = defineOperation({
  id: "opsListTenants",
  method: "GET",
  path: "/api/v1/ops/tenants",
  summary: "Every tenant with its status and member count (platform admins)",
  tag: "Operations",
  access: "platform-admin",
  query: OpsTenantListQuery,
  response: OpsTenantList,
  errors: ["unauthorized", "forbidden"],
});

export const opsSuspendTenantOperation = defineOperation({
  id: "opsSuspendTenant",
  method: "POST",
  path: "/api/v1/ops/tenants/{tenant}/suspend",
  summary: "Suspend a tenant: its members can read but not change anything (platform admins)",
  tag: "Operations",
  access: "platform-admin",
  response: OpsTenant,
  errors: ["unauthorized", "forbidden", "not_found", "conflict"],
});

export const opsResumeTenantOperation = defineOperation({
  id: "opsResumeTenant",
  method: "POST",
  path: "/api/v1/ops/tenants/{tenant}/resume",
  summary: "Resume a suspended tenant (platform admins)",
  tag: "Operations",
  access: "platform-admin",
  response: OpsTenant,
  errors: ["unauthorized", "forbidden", "not_found", "conflict"],
});

export const opsDeleteTenantOperation = defineOperation({
  id: "opsDeleteTenant",
  method: "DELETE",
  path: "/api/v1/ops/tenants/{tenant}",
  summary: "Delete a tenant's namespace in the cluster and mark the tenant deleted (platform admins)",
  description: "The body must repeat the tenant's slug in `confirm`.",
  tag: "Operations",
  access: "platform-admin",
  body: DeleteTenantRequest,
  response: OpsTenant,
  errors: ["unauthorized", "forbidden", "not_found", "conflict"],
});
