import type { z } from "zod";

import type { Translate } from "@/lib/i18n/translate";

/** Messages per form field, keyed by the field's name in the request body (`email`, `role`). */
export type FieldErrors = Partial<Record<string, string>>;

type Issue = z.core.$ZodIssue;

function isRequiredMessage(message: string): boolean {
  return /^required\b/i.test(message);
}

/**
 * A zod issue in the reader's language. The contracts' messages are English and written for API callers, so
 * the browser translates the common cases by their code and bounds, and keeps the contract's text otherwise.
 */
export function localizeIssue(t: Translate, issue: Issue): string {
  switch (issue.code) {
    case "too_small":
      if (issue.origin === "string") {
        return Number(issue.minimum) <= 1 ? t("validation.required") : t("validation.minLength", { min: Number(issue.minimum) });
      }
      if (issue.origin === "number") return t("validation.atLeast", { min: Number(issue.minimum) });
      if (issue.origin === "array") return t("validation.required");
      break;
    case "too_big":
      if (issue.origin === "string") return t("validation.maxLength", { max: Number(issue.maximum) });
      if (issue.origin === "number") return t("validation.atMost", { max: Number(issue.maximum) });
      break;
    case "invalid_format":
      if (issue.format === "email") return t("validation.email");
      return t("validation.invalid");
    case "invalid_type":
      // A missing field arrives as "expected string, received undefined".
      return t("validation.required");
    case "invalid_value":
      return t("validation.choose");
    case "custom":
      if (isRequiredMessage(issue.message)) return t("validation.required");
      break;
  }
  return issue.message;
}

function valueAt(values: unknown, path: readonly PropertyKey[]): unknown {
  let node = values;
  for (const key of path) node = typeof node === "object" && node !== null ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  return node;
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

/**
 * Checks form values with the same schema the server uses. On failure, one message per field (the first, which
 * is usually the most basic: "required" before "too short").
 */
export function validateForm<S extends z.ZodType>(
  schema: S,
  values: unknown,
  t: Translate,
): { success: true; data: z.output<S> } | { success: false; errors: FieldErrors } {
  const result = schema.safeParse(values);
  if (result.success) return { success: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join(".") || "_form";
    // An empty field is "required" to the reader, whatever minimum length the schema asks for.
    errors[field] ??= isBlank(valueAt(values, issue.path)) ? t("validation.required") : localizeIssue(t, issue);
  }
  return { success: false, errors };
}
