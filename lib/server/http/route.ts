import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { ApiErrorBody, ValidationIssue } from "@/lib/contracts/api-error";
import type { ApiOperation } from "@/lib/contracts/api-operation";
import { logger } from "@/lib/server/logger";
import { ApiError } from "./api-error";
import { observeRequest } from "./request-metrics";

const MAX_BODY_BYTES = 1024 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export interface RouteContext<Q, B> {
  request: Request;
  requestId: string;
  query: Q;
  body: B;
  params: Record<string, string>;
  log: ReturnType<typeof logger>;
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

/**
 * Wraps a route handler: request id, query and body parsing against the operation's schemas, the single error
 * shape, response validation, a log line and request metrics. Handlers stay declarative:
 * `export const GET = route(healthzOperation, async () => ({ status: "ok" }))`.
 */
export function route<Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  operation: ApiOperation<Q, B, R>,
  handler: (context: RouteContext<z.infer<Q>, z.infer<B>>) => Promise<RouteResult<z.infer<R>>>,
) {
  return async (request: Request, next?: NextRouteContext): Promise<Response> => {
    const started = performance.now();
    const incoming = request.headers.get("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const log = logger().child({ requestId, operation: operation.id });
    let response: Response;
    try {
      const rawParams = (next ? await next.params : undefined) ?? {};
      const params = Object.fromEntries(Object.entries(rawParams).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
      const url = new URL(request.url);
      let query: unknown = undefined;
      if (operation.query) {
        const parsed = operation.query.safeParse(Object.fromEntries(url.searchParams));
        if (!parsed.success) throw validationError(toIssues(parsed.error, "query"));
        query = parsed.data;
      }
      let body: unknown = undefined;
      if (operation.body) {
        const parsed = operation.body.safeParse(await readJsonBody(request));
        if (!parsed.success) throw validationError(toIssues(parsed.error, "body"));
        body = parsed.data;
      }
      const result = await handler({ request, requestId, query: query as z.infer<Q>, body: body as z.infer<B>, params, log });
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
    } catch (error) {
      if (error instanceof ApiError) {
        response = errorResponse(error, requestId);
      } else {
        log.error({ err: error }, "unexpected error");
        response = errorResponse(new ApiError("internal_error", `Something went wrong on our side. Quote request id ${requestId} when reporting it.`), requestId);
      }
    }
    const durationMs = performance.now() - started;
    observeRequest(operation.id, request.method, response.status, durationMs);
    log.info({ method: request.method, path: new URL(request.url).pathname, status: response.status, durationMs: Math.round(durationMs) }, "request");
    return response;
  };
}
