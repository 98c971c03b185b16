// Bearer-token authentication and user impersonation, as kube-apiserver's token-file authenticator and
// impersonation filter do: impersonation is itself authorized (verb "impersonate" on users/groups/uids/…).
import type { IncomingMessage } from "node:http";
import { StatusError, type UserInfo } from "../core/types";
import { forbiddenError, type AuthorizationAttributes } from "./forbidden-message";

export interface StaticToken {
  token: string;
  user: string;
  uid?: string;
  groups: string[];
}

export interface AuthenticatedRequest {
  /** Who sent the request (from the token). */
  authenticated: UserInfo;
  /** Who the request acts as (the impersonated user when Impersonate-User is set, else `authenticated`). */
  user: UserInfo;
  impersonated?: { username: string; groups: string[]; uid?: string; extra: Record<string, string[]> };
  isAdmin: boolean;
}

export type Authorize = (user: UserInfo, attrs: AuthorizationAttributes) => { allowed: boolean; reason?: string };

const unauthorized = () => new StatusError(401, "Unauthorized", "Unauthorized");

function withAuthenticated(groups: string[]): string[] {
  return groups.includes("system:authenticated") ? groups : [...groups, "system:authenticated"];
}

export function createAuthenticator(opts: { adminToken: string; adminUser: string; tokens: StaticToken[] }) {
  const byToken = new Map<string, UserInfo>();
  for (const t of opts.tokens) byToken.set(t.token, { username: t.user, groups: withAuthenticated(t.groups) });
  byToken.set(opts.adminToken, { username: opts.adminUser, groups: ["system:masters", "system:authenticated"] });

  return {
    /** Throws 401 for a missing or unknown token. */
    authenticate(req: IncomingMessage): { user: UserInfo; isAdmin: boolean } {
      const header = req.headers.authorization ?? "";
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!m) throw unauthorized();
      const user = byToken.get(m[1]);
      if (!user) throw unauthorized();
      return { user, isAdmin: m[1] === opts.adminToken };
    },
  };
}

/** Applies Impersonate-* headers. Each impersonated attribute must be allowed by `authorize`, else 403. */
export function impersonate(req: IncomingMessage, authenticated: UserInfo, authorize: Authorize): AuthenticatedRequest["impersonated"] | undefined {
  const headers = req.headersDistinct;
  const username = headers["impersonate-user"]?.[0];
  const groups = (headers["impersonate-group"] ?? []).filter((g) => g !== "");
  const uid = headers["impersonate-uid"]?.[0];
  const extra: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(headers)) {
    if (name.startsWith("impersonate-extra-") && values) extra[decodeURIComponent(name.slice("impersonate-extra-".length))] = values;
  }
  if (username === undefined) {
    if (groups.length > 0 || uid !== undefined || Object.keys(extra).length > 0) {
      throw new StatusError(400, "BadRequest", `requested [${groups.map((g) => `{Group ${g}}`).join(" ")}] without impersonating a user`);
    }
    return undefined;
  }
  const check = (attrs: AuthorizationAttributes) => {
    const decision = authorize(authenticated, attrs);
    if (!decision.allowed) throw forbiddenError(authenticated.username, attrs, decision.reason);
  };
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(username);
  if (sa) check({ verb: "impersonate", resource: "serviceaccounts", namespace: sa[1], name: sa[2], apiGroup: "" });
  else check({ verb: "impersonate", resource: "users", name: username, apiGroup: "" });
  for (const g of groups) check({ verb: "impersonate", resource: "groups", name: g, apiGroup: "" });
  if (uid !== undefined) check({ verb: "impersonate", resource: "uids", name: uid, apiGroup: "authentication.k8s.io" });
  for (const [key, values] of Object.entries(extra)) {
    for (const v of values) check({ verb: "impersonate", resource: "userextras", subresource: key, name: v, apiGroup: "authentication.k8s.io" });
  }
  const allGroups = [...groups];
  if (sa) allGroups.push("system:serviceaccounts", `system:serviceaccounts:${sa[1]}`);
  // Like kube-apiserver, everyone but system:anonymous is also a member of system:authenticated.
  if (username !== "system:anonymous" && !allGroups.includes("system:authenticated")) allGroups.push("system:authenticated");
  return { username, groups: allGroups, ...(uid !== undefined ? { uid } : {}), extra };
}
