import "server-only";
import { ApiException } from "@kubernetes/client-node";
import { ApiError } from "@/lib/server/http/api-error";

// The one place Kubernetes API failures become API errors. Kubernetes answers with a Status object whose
// `message` is written for people, so it is passed on, prefixed with what Apiary was doing.

function statusMessage(body: unknown): string | undefined {
  let value: unknown = body;
  if (typeof body === "string") {
    try {
      value = JSON.parse(body);
    } catch {
      return body.slice(0, 300) || undefined;
    }
  }
  const message = (value as { message?: unknown } | null)?.message;
  return typeof message === "string" ? message : undefined;
}

/** Kubernetes's HTTP status of a failed call, or undefined when the call never got an answer. */
export function kubernetesStatusOf(error: unknown): number | undefined {
  return error instanceof ApiException ? error.code : undefined;
}

export function toApiError(error: unknown, doing: string): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ApiException) {
    const message = `${doing}: ${statusMessage(error.body) ?? `the cluster answered ${error.code}`}`;
    switch (error.code) {
      case 401:
      case 403:
        return new ApiError("forbidden", message);
      case 404:
        return new ApiError("not_found", message);
      case 409:
        return new ApiError("conflict", message);
      case 400:
      case 422:
        return new ApiError("validation_failed", message);
      case 429:
        return new ApiError("rate_limited", message, undefined, { "retry-after": error.headers?.["retry-after"] ?? "1" });
      default:
        return new ApiError("unavailable", message, undefined, { "retry-after": "5" });
    }
  }
  return new ApiError("unavailable", `${doing}: the cluster could not be reached. Try again shortly.`, undefined, { "retry-after": "5" });
}
