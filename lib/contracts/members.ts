import { z } from "zod";
import { defineOperation } from "./api-operation";
import { Done, EmailAddress, Timestamp } from "./common";
import { TenantRole } from "./permissions";
import { TenantMembership } from "./tenants";

// Members of a tenant and invitations to join one. An invitation is a link with a random token (shown once to
// the inviter, to copy; mailed too when SMTP is configured); the invitee accepts it signed in with the same
// email, or signs up with it.

export const Member = z
  .object({
    userId: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: TenantRole,
    joinedAt: Timestamp,
  })
  .meta({ id: "Member" });
export type Member = z.infer<typeof Member>;

export const MemberList = z.object({ items: z.array(Member) }).meta({ id: "MemberList" });
export type MemberList = z.infer<typeof MemberList>;

export const UpdateMemberRequest = z.object({ role: TenantRole }).meta({ id: "UpdateMemberRequest" });
export type UpdateMemberRequest = z.infer<typeof UpdateMemberRequest>;

export const InvitationStatus = z.enum(["pending", "accepted", "revoked", "expired"]).meta({ id: "InvitationStatus" });

export const Invitation = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role: TenantRole,
    status: InvitationStatus,
    invitedBy: z.string().nullable().describe("Email of the member who invited."),
    createdAt: Timestamp,
    expiresAt: Timestamp,
  })
  .meta({ id: "Invitation" });
export type Invitation = z.infer<typeof Invitation>;

export const InvitationList = z.object({ items: z.array(Invitation) }).meta({ id: "InvitationList" });
export type InvitationList = z.infer<typeof InvitationList>;

export const CreateInvitationRequest = z.object({ email: EmailAddress, role: TenantRole }).meta({ id: "CreateInvitationRequest" });
export type CreateInvitationRequest = z.infer<typeof CreateInvitationRequest>;

export const CreatedInvitation = Invitation.extend({
  /** The link to give the invitee; it holds the token, which is shown only now. */
  url: z.string(),
  /** Whether the link was also sent by email (SMTP configured). */
  mailed: z.boolean(),
}).meta({ id: "CreatedInvitation" });
export type CreatedInvitation = z.infer<typeof CreatedInvitation>;

/** What the invitation page shows before the invitee signs in or up. */
export const InvitationPreview = z
  .object({
    tenantName: z.string(),
    tenantSlug: z.string(),
    email: z.string(),
    role: TenantRole,
    expiresAt: Timestamp,
    /** Whether an account with this email exists (sign in to accept) or not (sign up with the token). */
    accountExists: z.boolean(),
  })
  .meta({ id: "InvitationPreview" });
export type InvitationPreview = z.infer<typeof InvitationPreview>;

export const listMembersOperation = defineOperation({
  id: "listMembers",
  method: "GET",
  path: "/api/v1/tenants/{tenant}/members",
  summary: "Members of the tenant with their roles",
  tag: "Members",
  access: "signed-in",
  permission: "members:read",
  response: MemberList,
  errors: ["unauthorized", "forbidden", "not_found"],
});

export const inviteMemberOperation = defineOperation({
  id: "inviteMember",
  method: "POST",
  path: "/api/v1/tenants/{tenant}/members",
  summary: "Invite someone by email with a role; answers the invitation link to copy",
  description: "The same as POST …/invitations. Only owners may invite owners.",
  tag: "Members",
  access: "signed-in",
  permission: "members:write",
  body: CreateInvitationRequest,
  response: CreatedInvitation,
  successStatus: 201,
  errors: ["unauthorized", "forbidden", "not_found", "conflict"],
});

export const updateMemberOperation = defineOperation({
  id: "updateMember",
  method: "PATCH",
  path: "/api/v1/tenants/{tenant}/members/{userId}",
  summary: "Change a member's role; the last owner cannot be demoted (409)",
  tag: "Members",
  access: "signed-in",
  permission: "members:write",
  body: UpdateMemberRequest,
  response: Member,
  errors: ["unauthorized", "forbidden", "not_found", "conflict"],
});

export const removeMemberOperation = defineOperation({
  id: "removeMember",
  method: "DELETE",
  path: "/api/v1/tenants/{tenant}/members/{userId}",
  summary: "Remove a member (or leave, with one's own id); the last owner cannot leave (409)",
  description: "Any member may remove themselves; removing others needs members:write.",
  tag: "Members",
  access: "signed-in",
  permission: "tenant:read",
  response: Done,
  errors: ["unauthorized", "forbidden", "not_found", "conflict"],
});

export const listInvitationsOperation = defineOperation({
  id: "listInvitations",
  method: "GET",
  path: "/api/v1/tenants/{tenant}/invitations",
  summary: "Invitations of the tenant, newest first",
  tag: "Members",
  access: "signed-in",
  permission: "members:read",
  response: InvitationList,
  errors: ["unauthorized", "forbidden", "not_found"],
});

export const createInvitationOperation = defineOperation({
  id: "createInvitation",
  method: "POST",
  path: "/api/v1/tenants/{tenant}/invitations",
  summary: "Invite someone by email with a role; answers the invitation link to copy",
  tag: "Members",
  access: "signed-in",
  permission: "members:write",
  body: CreateInvitationRequest,
  response: CreatedInvitation,
  successStatus: 201,
  errors: ["unauthorized", "forbidden", "not_found", "conflict"],
});

export const revokeInvitationOperation = defineOperation({
  id: "revokeInvitation",
  method: "DELETE",
  path: "/api/v1/tenants/{tenant}/invitations/{id}",
  summary: "Revoke a pending invitation; its link stops working",
  tag: "Members",
  access: "signed-in",
  permission: "members:write",
  response: Done,
  errors: ["unauthorized", "forbidden", "not_found", "conflict"],
});

export const getInvitationOperation = defineOperation({
  id: "getInvitation",
  method: "GET",
  path: "/api/v1/invitations/{token}",
  summary: "What an invitation link offers (tenant, role, email), for the page that accepts it",
  tag: "Members",
  access: "public",
  response: InvitationPreview,
  errors: ["not_found"],
});

export const acceptInvitationOperation = defineOperation({
  id: "acceptInvitation",
  method: "POST",
  path: "/api/v1/invitations/{token}/accept",
  summary: "Join the invitation's tenant; the signed-in user's email must be the invited one",
  tag: "Members",
  access: "signed-in",
  response: TenantMembership,
  errors: ["unauthorized", "forbidden", "not_found", "conflict"],
});
