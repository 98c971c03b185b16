import "server-only";
import type { ApiErrorBody } from "@/lib/contracts/api-error";
import { ApiError } from "@/lib/server/http/api-error";

/**
 * A token server error both docker and Apiary clients understand: Docker's `errors` array (what `docker login`
 * prints) beside Apiary's `error` object. A 401 asks for Basic credentials, as a registry client expects.
 */
export function registryErrorResponse(error: unknown, requestId: string): Response {
  if (!(error instanceof ApiError)) throw error;
  const body: ApiErrorBody & { errors: { code: string; message: string }[] } = {
    errors: [{ code: error.code.toUpperCase(), message: error.message }],
    error: { code: error.code, message: error.message, requestId },
  };
  const headers: Record<string, string> = { "cache-control": "no-store", ...error.headers };
  if (error.status === 401) headers["www-authenticate"] = 'Basic realm="Apiary registry"';
  return Response.json(body, { status: error.status, headers });
}
