import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { ApiErrorBody, ValidationIssue } from "@/lib/contracts/api-error";
import type { ApiOperation } from "@/lib/contracts/api-operation";
import { recordAudit, type AuditRecord } from "@/lib/server/audit/audit-log";
import type { Actor } from "@/lib/server/auth/actor";
import { databaseUnavailableError, isDatabaseUnavailable } from "@/lib/server/db/database-unavailable";
import { logger } from "@/lib/server/logger";
import { withApiSecurityHeaders } from "./api-security-headers";
import { ApiError } from "./api-error";
import { clientIp } from "./client-ip";
import { presentedCredentials, resolveIdentity, type Identity } from "./identity";
import { refuseNul } from "./refuse-nul";
import { observeRequest } from "./request-metrics";
import { assertSameOrigin } from "./same-origin";

const MAX_BODY_BYTES = 1024 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const MUTATIONS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Path parameters that are secrets (invitation tokens): never written to a log line or an audit record. */
const SECRET_PARAMS = new Set(["token"]);

function loggablePath(request: Request, params: Record<string, string>): string {
  let path = new URL(request.url).pathname;
  for (const name of SECRET_PARAMS) if (params[name]) path = path.split(encodeURIComponent(params[name])).join("[redacted]").split(params[name]).join("[redacted]");
  return path;
}

/**
 * What a mutation's audit record says beyond the defaults (the caller, the operation id, the path parameters, the
 * result). Handlers fill it in: sign-in names the email it was tried for, a create names what it created.
 */
export interface AuditNote {
  actor?: AuditRecord["actor"];
  tenant?: { id: string; slug: string } | null;
  target?: string | null;
  details?: Record<string, unknown>;
  /** Leave this request out of the audit log (nothing happened worth recording). */
  skip?: boolean;
}

export interface RouteContext<Q, B> {
  request: Request;
  requestId: string;
  query: Q;
  body: B;
  params: Record<string, string>;
  log: ReturnType<typeof logger>;
  /** The caller's address (see client-ip.ts). */
  ip: string;
  /** The caller; null on public operations (which look credentials up themselves when they need them). */
  actor: Actor | null;
  identity: Identity | null;
  audit: AuditNote;
  /** Set-Cookie values for a successful answer (the session cookie). */
  setCookies: string[];
}

/** What an authorizer sees: the request and who sent it, before the query and body are parsed. */
export interface AuthorizeInput {
  operation: ApiOperation;
  request: Request;
  requestId: string;
  ip: string;
  params: Record<string, string>;
  identity: Identity | null;
  audit: AuditNote;
}

type NextRouteContext = { params: Promise<Record<string, string | string[]>> };

/** A handler's result: data checked against the operation's response schema, or a Response of its own (streams). */
export type RouteResult<R> = R | Response;

function toIssues(error: z.ZodError, where: "body" | "query"): ValidationIssue[] {
  return error.issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
}

function validationError(issues: ValidationIssue[]): ApiError {
  const summary = issues
    .slice(0, 3)
    .map((issue) => `${issue.field}: ${issue.message}`)
    .join("; ");
  return new ApiError("validation_failed", `The request is not valid: ${summary}`, issues);
}

async function readJsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new ApiError("unsupported_media_type", `Send the request body as JSON with Content-Type: application/json (got ${type ? `"${type}"` : "none"}).`);
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new ApiError("payload_too_large", `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new ApiError("payload_too_large", `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("bad_request", "The request body is not valid JSON.");
  }
}

function errorResponse(error: ApiError, requestId: string): Response {
  const body: ApiErrorBody = {
    error: { code: error.code, message: error.message, ...(error.details !== undefined ? { details: error.details } : {}), requestId },
  };
  return Response.json(body, {
    status: error.status,
    headers: { "x-request-id": requestId, "cache-control": "no-store", ...error.headers },
  });
}

function auditResult(status: number): "success" | "failure" | "denied" {
  if (status < 400) return "success";
  // Refused by authorization (403, or 404 for someone outside the tenant) is "denied"; a failed sign-in, bad input
  // or a conflict is "failure".
  return status === 403 || status === 404 ? "denied" : "failure";
}

/**
 * Enforces the operation's `access`: "signed-in" needs a session or an API key (401), "platform-admin" a
 * signed-in platform admin (403 for anyone else). Credentials on public operations are not looked up here, so
 * health checks never touch the database.
 */
async function resolveAccess(operation: ApiOperation, request: Request): Promise<Identity | null> {
  if (operation.access === "public") return null;
  const identity = await resolveIdentity(request);
  if (!identity) throw new ApiError("unauthorized", "Sign in first: this operation needs a session or an API key.");
  if (operation.access === "platform-admin" && !(identity.actor.kind === "user" && identity.actor.platformAdmin)) {
    throw new ApiError("forbidden", "Only platform admins may do this.");
  }
  return identity;
}

/**
 * The one request pipeline: request id, identity and access, same-origin check for cookie mutations, the
 * operation-specific authorizer (tenant membership), query and body parsing against the operation's schemas, the
 * single error shape, response validation, the audit record of every mutation, a log line and request metrics.
 */
export function routeWith<Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType, X extends object>(
  operation: ApiOperation<Q, B, R>,
  authorize: (input: AuthorizeInput) => Promise<X>,
  handler: (context: RouteContext<z.infer<Q>, z.infer<B>> & X) => Promise<RouteResult<z.infer<R>>>,
) {
  return async (request: Request, next?: NextRouteContext): Promise<Response> => {
    const started = performance.now();
    const incoming = request.headers.get("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const log = logger().child({ requestId, operation: operation.id });
    const audit: AuditNote = {};
    let identity: Identity | null = null;
    let params: Record<string, string> = {};
    let ip = "unknown";
    let response: Response;
    try {
      ip = clientIp(request);
      const rawParams = (next ? await next.params : undefined) ?? {};
      params = Object.fromEntries(Object.entries(rawParams).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
      identity = await resolveAccess(operation as ApiOperation, request);
      assertSameOrigin(request, identity?.via ?? presentedCredentials(request));
      refuseNul("path", params);
      const extra = await authorize({ operation: operation as ApiOperation, request, requestId, ip, params, identity, audit });
      const url = new URL(request.url);
      refuseNul("query", Object.fromEntries(url.searchParams));
      let query: unknown = undefined;
      if (operation.query) {
        const parsed = operation.query.safeParse(Object.fromEntries(url.searchParams));
        if (!parsed.success) throw validationError(toIssues(parsed.error, "query"));
        query = parsed.data;
      }
      let body: unknown = undefined;
      if (operation.body) {
        const raw = await readJsonBody(request);
        refuseNul("body", raw);
        const parsed = operation.body.safeParse(raw);
        if (!parsed.success) throw validationError(toIssues(parsed.error, "body"));
        body = parsed.data;
      }
      const setCookies: string[] = [];
      const context = { request, requestId, query: query as z.infer<Q>, body: body as z.infer<B>, params, log, ip, actor: identity?.actor ?? null, identity, audit, setCookies, ...extra };
      const result = await handler(context);
      if (result instanceof Response) {
        response = result;
        response.headers.set("x-request-id", requestId);
      } else {
        const checked = operation.response.safeParse(result);
        if (!checked.success) {
          // The server broke its own contract: a bug, reported as one rather than sent half-valid.
          log.error({ issues: checked.error.issues }, "response failed its contract");
          throw new Error(`Response of ${operation.id} failed its contract`);
        }
        response = Response.json(checked.data, {
          status: operation.successStatus ?? 200,
          headers: { "x-request-id": requestId, "cache-control": "no-store" },
        });
      }
      for (const cookie of setCookies) response.headers.append("set-cookie", cookie);
    } catch (error) {
      if (error instanceof ApiError) {
        response = errorResponse(error, requestId);
      } else if (isDatabaseUnavailable(error)) {
        // The database is stopped or restarting: a transient state the caller can retry, not a bug.
        log.warn({ err: error }, "database unavailable");
        response = errorResponse(databaseUnavailableError(), requestId);
      } else {
        log.error({ err: error }, "unexpected error");
        response = errorResponse(new ApiError("internal_error", `Something went wrong on our side. Quote request id ${requestId} when reporting it.`), requestId);
      }
    }
    // Every mutation by a known caller leaves a record, and so does every attempt at a public one whose handler
    // names who tried (sign-in, sign-up with the email); anonymous noise (401s, throttled floods) does not, so it
    // cannot fill the log.
    const actor = audit.actor ?? identity?.actor ?? null;
    if (MUTATIONS.has(request.method.toUpperCase()) && !audit.skip && actor && !(actor.kind === "anonymous" && response.status === 429)) {
      const target =
        audit.target !== undefined
          ? audit.target
          : Object.entries(params)
              .filter(([name]) => name !== "tenant" && !SECRET_PARAMS.has(name))
              .map(([name, value]) => `${name}:${value.slice(0, 100)}`)
              .join(",") || null;
      await recordAudit({
        actor,
        tenant: audit.tenant ?? null,
        action: operation.id,
        target,
        result: auditResult(response.status),
        ip,
        requestId,
        details: { status: response.status, ...audit.details },
      });
    }
    const durationMs = performance.now() - started;
    observeRequest(operation.id, request.method, response.status, durationMs);
    log.info({ method: request.method, path: loggablePath(request, params), status: response.status, durationMs: Math.round(durationMs) }, "request");
    return withApiSecurityHeaders(response);
  };
}

/**
 * Wraps a route handler (see routeWith). Handlers stay declarative:
 * `export const GET = route(healthzOperation, async () => ({ status: "ok" }))`.
 */
export function route<Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  operation: ApiOperation<Q, B, R>,
  handler: (context: RouteContext<z.infer<Q>, z.infer<B>>) => Promise<RouteResult<z.infer<R>>>,
) {
  return routeWith(operation, async () => ({}), handler);
}
