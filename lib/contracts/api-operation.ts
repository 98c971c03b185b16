import type { z } from "zod";
import type { ApiErrorCode } from "./api-error";
import type { Permission } from "./permissions";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Who may call an operation; the route wrapper enforces it before the handler runs. */
export type OperationAccess = "public" | "signed-in" | "platform-admin";

/**
 * One operation of the public API: the path and method the route file serves, and the schemas that both
 * validate its traffic and describe it in the OpenAPI document, so the two cannot drift.
 */
export interface ApiOperation<
  Query extends z.ZodType = z.ZodType,
  Body extends z.ZodType = z.ZodType,
  Response extends z.ZodType = z.ZodType,
> {
  id: string;
  method: HttpMethod;
  /** OpenAPI form, e.g. "/api/v1/tenants/{tenant}/deployments". */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  access: OperationAccess;
  /**
   * For operations under /api/v1/tenants/{tenant}: the permission the caller's role in that tenant must hold.
   * `tenantRoute` enforces it (404 to non-members, 403 to members without it) and refuses an operation without one.
   */
  permission?: Permission;
  query?: Query;
  body?: Body;
  response: Response;
  /** Status of a successful answer; 200 unless stated. */
  successStatus?: number;
  /** Other statuses whose body has the success schema (readiness answers 503 with the same report). */
  alsoAnswers?: number[];
  /** Content type of a successful answer when it is not JSON (e.g. "text/plain; version=0.0.4"). */
  responseContentType?: string;
  /** Error codes this operation may answer with, beyond the ones every operation can return. */
  errors?: ApiErrorCode[];
}

export function defineOperation<Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  operation: ApiOperation<Q, B, R>,
): ApiOperation<Q, B, R> {
  return operation;
}
