import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as accept } from "@/app/api/v1/invitations/[token]/accept/route";
import { GET as previewInvitation } from "@/app/api/v1/invitations/[token]/route";
import { POST as signIn } from "@/app/api/v1/session/route";
import { POST as signup } from "@/app/api/v1/signup/route";
import { DELETE as revokeInvitation } from "@/app/api/v1/tenants/[tenant]/invitations/[id]/route";
import { GET as listTenants } from "@/app/api/v1/tenants/route";
import { resetEnvForTests } from "@/lib/server/env";
import { call, startApiHarness, type ApiHarness } from "@/scripts/test-support/api-test-harness";
import { startSmtpSink } from "@/scripts/test-support/smtp-sink";
import { DELETE as removeMember, PATCH as updateMember } from "./[userId]/route";
import { GET as listMembers, POST as invite } from "./route";

const PASSWORD = "correct horse battery";
let harness: ApiHarness;
let owner: { token: string; userId: string };

const params = (extra: Record<string, string> = {}) => ({ tenant: "acme", ...extra });
const tokenOf = (url: string) => url.split("/invitations/")[1];

beforeAll(async () => {
  harness = await startApiHarness();
  const response = await call(signup, "POST", "/api/v1/signup", { body: { email: "owner@example.com", password: PASSWORD, name: "Olive", tenantName: "Acme" } });
  owner = { token: response.sessionToken!, userId: response.body.user.id };
});
afterAll(async () => harness?.stop());

describe("invitations", () => {
  it("mails the invitation link through SMTP when APIARY_SMTP_URL is set", async () => {
    const sink = await startSmtpSink();
    process.env.APIARY_SMTP_URL = sink.url;
    resetEnvForTests();
    try {
      const invited = await call(invite, "POST", "/api/v1/tenants/acme/members", { session: owner.token, params: params(), body: { email: "mailed@example.com", role: "viewer" } });
      expect(invited.status).toBe(201);
      expect(invited.body.mailed).toBe(true);
      expect(sink.messages).toHaveLength(1);
      expect(sink.messages[0].to).toEqual(["mailed@example.com"]);
      // Quoted-printable may wrap long lines with "=\n"; the link must be in the text once unwrapped.
      const text = sink.messages[0].data.replace(/=\n/g, "").replace(/=3D/g, "=");
      expect(text).toContain(invited.body.url);
      expect(text).toContain("Subject: You are invited to Acme on Apiary");
    } finally {
      delete process.env.APIARY_SMTP_URL;
      resetEnvForTests();
      await sink.stop();
    }
  });

  it("still answers the link, not mailed, when the SMTP server cannot be reached", async () => {
    const sink = await startSmtpSink();
    await sink.stop(); // nothing listens on its port any more
    process.env.APIARY_SMTP_URL = sink.url;
    resetEnvForTests();
    try {
      const invited = await call(invite, "POST", "/api/v1/tenants/acme/members", { session: owner.token, params: params(), body: { email: "unmailed@example.com", role: "viewer" } });
      expect(invited.status).toBe(201);
      expect(invited.body).toMatchObject({ mailed: false, status: "pending" });
      expect(invited.body.url).toMatch(/\/invitations\//);
    } finally {
      delete process.env.APIARY_SMTP_URL;
      resetEnvForTests();
    }
  });

  it("invites by email with a link that a new person signs up with, joining in the invited role", async () => {
    const invited = await call(invite, "POST", "/api/v1/tenants/acme/members", { session: owner.token, params: params(), body: { email: "Dev@Example.com", role: "developer" } });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ email: "dev@example.com", role: "developer", status: "pending", invitedBy: "owner@example.com", mailed: false });
    expect(invited.body.url).toMatch(/^http:\/\/127\.0\.0\.1:3000\/invitations\/[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(invited.body.url);

    const preview = await call(previewInvitation, "GET", `/api/v1/invitations/${token}`, { params: { token } });
    expect(preview.body).toMatchObject({ tenantName: "Acme", tenantSlug: "acme", email: "dev@example.com", role: "developer", accountExists: false });

    const wrongEmail = await call(signup, "POST", "/api/v1/signup", { body: { email: "other@example.com", password: PASSWORD, name: "O", invitationToken: token } });
    expect(wrongEmail.status).toBe(403);
    const joined = await call(signup, "POST", "/api/v1/signup", { body: { email: "dev@example.com", password: PASSWORD, name: "Dev", invitationToken: token } });
    expect(joined.status).toBe(201);
    expect(joined.body.tenant).toMatchObject({ slug: "acme", role: "developer" });
    expect((await call(previewInvitation, "GET", `/api/v1/invitations/${token}`, { params: { token } })).status).toBe(404);

    const members = await call(listMembers, "GET", "/api/v1/tenants/acme/members", { session: joined.sessionToken, params: params() });
    expect(members.body.items.map((m: { email: string; role: string }) => `${m.email}:${m.role}`)).toEqual(["dev@example.com:developer", "owner@example.com:owner"]);
  });

  it("lets a signed-in user with the invited email accept, and nobody else", async () => {
    const other = await call(signup, "POST", "/api/v1/signup", { body: { email: "viewer@example.com", password: PASSWORD, name: "Vi", tenantName: "Vi Co" } });
    const stranger = await call(signup, "POST", "/api/v1/signup", { body: { email: "stranger@example.com", password: PASSWORD, name: "St", tenantName: "St Co" } });
    const invited = await call(invite, "POST", "/api/v1/tenants/acme/members", { session: owner.token, params: params(), body: { email: "viewer@example.com", role: "viewer" } });
    const token = tokenOf(invited.body.url);
    const refused = await call(accept, "POST", `/api/v1/invitations/${token}/accept`, { session: stranger.sessionToken, params: { token } });
    expect(refused.status).toBe(403);
    const accepted = await call(accept, "POST", `/api/v1/invitations/${token}/accept`, { session: other.sessionToken, params: { token } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ slug: "acme", role: "viewer" });
    expect(accepted.body.permissions).toContain("deployments:read");
    expect(accepted.body.permissions).not.toContain("deployments:write");
    const tenants = await call(listTenants, "GET", "/api/v1/tenants", { session: other.sessionToken });
    expect(tenants.body.items.map((t: { slug: string }) => t.slug).sort()).toEqual(["acme", "vi-co"]);
  });

  it("stops a revoked link from working", async () => {
    const invited = await call(invite, "POST", "/api/v1/tenants/acme/members", { session: owner.token, params: params(), body: { email: "late@example.com", role: "viewer" } });
    const revoked = await call(revokeInvitation, "DELETE", `/api/v1/tenants/acme/invitations/${invited.body.id}`, { session: owner.token, params: params({ id: invited.body.id }) });
    expect(revoked.status).toBe(200);
    const token = tokenOf(invited.body.url);
    const late = await call(signup, "POST", "/api/v1/signup", { body: { email: "late@example.com", password: PASSWORD, name: "L", invitationToken: token } });
    expect(late.status).toBe(404);
  });
});

describe("the last owner", () => {
  it("cannot be demoted or leave (409), until another owner exists", async () => {
    const demote = await call(updateMember, "PATCH", `/api/v1/tenants/acme/members/${owner.userId}`, { session: owner.token, params: params({ userId: owner.userId }), body: { role: "admin" } });
    expect(demote.status).toBe(409);
    expect(demote.body.error.message).toMatch(/at least one owner/);
    const leave = await call(removeMember, "DELETE", `/api/v1/tenants/acme/members/${owner.userId}`, { session: owner.token, params: params({ userId: owner.userId }) });
    expect(leave.status).toBe(409);
    expect(leave.body.error.message).toMatch(/last owner/);

    const members = await call(listMembers, "GET", "/api/v1/tenants/acme/members", { session: owner.token, params: params() });
    const dev = members.body.items.find((m: { email: string }) => m.email === "dev@example.com");
    const promoted = await call(updateMember, "PATCH", `/api/v1/tenants/acme/members/${dev.userId}`, { session: owner.token, params: params({ userId: dev.userId }), body: { role: "owner" } });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe("owner");
    const nowLeave = await call(removeMember, "DELETE", `/api/v1/tenants/acme/members/${owner.userId}`, { session: owner.token, params: params({ userId: owner.userId }) });
    expect(nowLeave.status).toBe(200);
    expect((await call(listMembers, "GET", "/api/v1/tenants/acme/members", { session: owner.token, params: params() })).status).toBe(404);
  });

  it("is changed only by owners: an admin can neither promote to owner nor demote one", async () => {
    const admin = await call(signup, "POST", "/api/v1/signup", { body: { email: "admin@example.com", password: PASSWORD, name: "Ad", tenantName: "Ad Co" } });
    const devSession = await call(signIn, "POST", "/api/v1/session", { body: { email: "dev@example.com", password: PASSWORD } });
    const invited = await call(invite, "POST", "/api/v1/tenants/acme/members", { session: devSession.sessionToken, params: params(), body: { email: "admin@example.com", role: "admin" } });
    await call(accept, "POST", `/api/v1/invitations/${tokenOf(invited.body.url)}/accept`, { session: admin.sessionToken, params: { token: tokenOf(invited.body.url) } });
    const selfPromote = await call(updateMember, "PATCH", `/api/v1/tenants/acme/members/${admin.body.user.id}`, { session: admin.sessionToken, params: params({ userId: admin.body.user.id }), body: { role: "owner" } });
    expect(selfPromote.status).toBe(403);
    const demoteOwner = await call(updateMember, "PATCH", `/api/v1/tenants/acme/members/${devSession.body.user.id}`, { session: admin.sessionToken, params: params({ userId: devSession.body.user.id }), body: { role: "viewer" } });
    expect(demoteOwner.status).toBe(403);
    const inviteOwner = await call(invite, "POST", "/api/v1/tenants/acme/members", { session: admin.sessionToken, params: params(), body: { email: "x@example.com", role: "owner" } });
    expect(inviteOwner.status).toBe(403);
  });
});
