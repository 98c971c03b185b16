import { isApiRequestError, type ClientErrorCode } from "@/lib/client/api-client";
import type { Translate } from "@/lib/i18n/translate";

/**
 * Codes whose server message names the specific problem ("an invitation for this email is already pending"),
 * so the reader gets the generic sentence in their language plus the server's precise reason.
 */
const SPECIFIC: ReadonlySet<ClientErrorCode> = new Set(["bad_request", "conflict", "validation_failed", "not_found", "unavailable", "forbidden"]);

/**
 * A failed call in words the user can act on, in their language. `overrides` lets a screen say something more
 * precise for a code it understands (members: a 409 means "the last owner cannot leave").
 */
export function describeApiError(t: Translate, error: unknown, overrides: Partial<Record<ClientErrorCode, string>> = {}): string {
  if (!isApiRequestError(error)) return t("apiErrors.unknown");
  const override = overrides[error.code];
  if (override) return override;
  const generic = t(`apiErrors.${error.code}`);
  const withReference = error.requestId && error.status >= 500 ? `${generic} ${t("apiErrors.reference", { requestId: error.requestId })}` : generic;
  return SPECIFIC.has(error.code) && error.message ? `${withReference} (${error.message})` : withReference;
}
