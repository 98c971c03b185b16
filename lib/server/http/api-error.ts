import "server-only";
import { API_ERROR_STATUS, type ApiErrorCode } from "@/lib/contracts/api-error";

/** An error meant for the caller: its code picks the status, its message is shown as written. */
export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. Retry-After on 429 and 503. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = API_ERROR_STATUS[code];
  }
}
