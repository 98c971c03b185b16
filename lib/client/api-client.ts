import type { z } from "zod";

import { API_ERROR_STATUS, ApiErrorBody, type ApiErrorCode, type ValidationIssue } from "@/lib/contracts/api-error";
import type { ApiOperation } from "@/lib/contracts/api-operation";

/**
 * Codes the browser can meet beyond the API's own: the request never got an answer, or the answer did not
 * have the shape the contract promises (a deploy skew between browser and server, or a proxy's HTML page).
 */
export type ClientErrorCode = ApiErrorCode | "network_error" | "invalid_response";

/** A failed API call, carrying what the error body said so screens can switch on `code` and map `details`. */
export class ApiRequestError extends Error {
  readonly code: ClientErrorCode;
  readonly status: number;
  readonly details: unknown;
  readonly requestId: string | undefined;

  constructor(input: { code: ClientErrorCode; message: string; status: number; details?: unknown; requestId?: string }) {
    super(input.message);
    this.name = "ApiRequestError";
    this.code = input.code;
    this.status = input.status;
    this.details = input.details;
    this.requestId = input.requestId;
  }

  /** The `details` of a 422, when the server named the offending fields. */
  get issues(): ValidationIssue[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (item): item is ValidationIssue =>
        typeof item === "object" && item !== null && typeof item.field === "string" && typeof item.message === "string",
    );
  }

  /** `details.reason` of errors that carry one (sign-in's two_factor_required). */
  get reason(): string | undefined {
    const details = this.details;
    if (typeof details === "object" && details !== null && "reason" in details && typeof details.reason === "string") return details.reason;
    return undefined;
  }
}

export function isApiRequestError(error: unknown): error is ApiRequestError {
  return error instanceof ApiRequestError;
}

type PathParams = Record<string, string>;
type QueryValue = string | number | boolean | undefined | null;

export type ApiFetchInput<B> = {
  /** Values for the `{placeholders}` of the operation's path. */
  params?: PathParams;
  query?: Record<string, QueryValue>;
  body?: B;
  signal?: AbortSignal;
  /** Extra request headers, e.g. the `Idempotency-Key` of a money-moving request. */
  headers?: Record<string, string>;
};

/**
 * Fills an operation's path (`/api/v1/tenants/{tenant}/members/{userId}`) and appends a query string.
 * Every value is URL-encoded; a placeholder without a value is a programming error and throws.
 */
export function buildApiUrl(path: string, params: PathParams = {}, query: Record<string, QueryValue> = {}): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === "") throw new Error(`Missing path parameter "${name}" for ${path}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  }
  const queryString = search.toString();
  return queryString ? `${filled}?${queryString}` : filled;
}

const codeByStatus = new Map<number, ApiErrorCode>(
  Object.entries(API_ERROR_STATUS).map(([code, status]) => [status, code as ApiErrorCode]),
);

/** Turns a non-success answer into an ApiRequestError, trusting the body only when it has the error shape. */
export function toApiRequestError(status: number, payload: unknown): ApiRequestError {
  const parsed = ApiErrorBody.safeParse(payload);
  if (parsed.success) {
    const { code, message, details, requestId } = parsed.data.error;
    return new ApiRequestError({ code, message, details, requestId, status });
  }
  // A gateway or proxy may answer in HTML; the status still says what kind of failure it was.
  const code = codeByStatus.get(status) ?? (status >= 500 ? "internal_error" : "bad_request");
  return new ApiRequestError({ code, message: `The server answered ${status} without an error description.`, status });
}

/**
 * Parses a successful answer with the operation's response schema, so a screen never renders data the contract
 * does not promise. A mismatch is reported as `invalid_response` rather than crashing a component later.
 */
export function parseApiResponse<R extends z.ZodType>(operation: ApiOperation<z.ZodType, z.ZodType, R>, status: number, payload: unknown): z.infer<R> {
  const parsed = operation.response.safeParse(payload);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
  throw new ApiRequestError({
    code: "invalid_response",
    message: `The answer of ${operation.id} did not match its contract (${where}).`,
    status,
  });
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Calls one operation of the public API from the browser: same-origin cookies, a JSON body, and a response
 * parsed with the operation's schema. Errors are always ApiRequestError, including network failures.
 */
export async function apiFetch<Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  operation: ApiOperation<Q, B, R>,
  input: ApiFetchInput<z.input<B>> = {},
): Promise<z.infer<R>> {
  const url = buildApiUrl(operation.path, input.params, input.query);
  const headers: Record<string, string> = { ...input.headers, accept: "application/json" };
  const init: RequestInit = { method: operation.method, credentials: "same-origin", headers, signal: input.signal, cache: "no-store" };
  if (input.body !== undefined) {
    headers["content-type"] = "application/json";
    init.body = JSON.stringify(input.body);
  }

  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (cause) {
    // An abort is the caller's own doing (TanStack Query cancelling); let it pass through unchanged.
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiRequestError({ code: "network_error", message: "The server could not be reached.", status: 0 });
  }

  const payload = await readJson(response);
  const successStatuses = [operation.successStatus ?? 200, ...(operation.alsoAnswers ?? [])];
  if (response.ok || successStatuses.includes(response.status)) {
    return parseApiResponse(operation, response.status, payload);
  }
  throw toApiRequestError(response.status, payload);
}
