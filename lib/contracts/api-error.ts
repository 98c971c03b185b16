import { z } from "zod";

// The one error shape every /api/v1 route answers with, and the one table of codes and statuses.
// Clients switch on `code`; `message` is for people; `details` names what was wrong.

export const API_ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

export const ApiErrorCodeSchema = z.enum(Object.keys(API_ERROR_STATUS) as [ApiErrorCode, ...ApiErrorCode[]]);

export const ValidationIssue = z.object({
  /** Where the problem is: "body.email", "query.limit", "path.tenant". */
  field: z.string(),
  message: z.string(),
});
export type ValidationIssue = z.infer<typeof ValidationIssue>;

export const ApiErrorBody = z
  .object({
    error: z.object({
      code: ApiErrorCodeSchema,
      message: z.string(),
      details: z.unknown().optional(),
      requestId: z.string().optional(),
    }),
  })
  .meta({ id: "Error", description: "Every error answer has this shape." });
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;
