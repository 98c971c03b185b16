import { isApiRequestError } from "@/lib/client/api-client";
import type { FieldErrors } from "@/lib/client/validate-form";

/**
 * The fields a 422 named, keyed like the form's own errors: the server says `body.email`, the form field is
 * `email`. Issues outside the body (path, query) are not a form field's fault and are left to the summary.
 */
export function serverFieldErrors(error: unknown): FieldErrors {
  if (!isApiRequestError(error)) return {};
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    if (!issue.field.startsWith("body.")) continue;
    const field = issue.field.slice("body.".length);
    if (field) errors[field] ??= issue.message;
  }
  return errors;
}
