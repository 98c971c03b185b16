import "server-only";
import type { ValidationIssue } from "@/lib/contracts/api-error";
import { ApiError } from "./api-error";

// PostgreSQL text and jsonb cannot hold U+0000: a NUL that reaches a query fails it, which would answer 500 for
// what is only bad input. No field of the API has a use for one, so the route pipeline refuses it up front, in
// path segments, query values and anywhere inside a JSON body.

const MAX_ISSUES = 10;

/** Every place in `value` (walked without recursion, so a deeply nested body cannot exhaust the stack) holding a NUL. */
function nulFields(where: string, value: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const stack: [string, unknown][] = [[where, value]];
  while (stack.length > 0 && issues.length < MAX_ISSUES) {
    const [field, current] = stack.pop()!;
    if (typeof current === "string") {
      if (current.includes("\u0000")) issues.push({ field, message: "must not contain NUL characters" });
    } else if (current && typeof current === "object") {
      for (const [key, child] of Object.entries(current)) {
        if (key.includes("\u0000")) issues.push({ field, message: "keys must not contain NUL characters" });
        stack.push([`${field}.${key.replaceAll("\u0000", "\\0")}`, child]);
      }
    }
  }
  return issues;
}

/** Throws 422 naming the fields when a path parameter, a query value or a body string holds a NUL character. */
export function refuseNul(where: "path" | "query" | "body", value: unknown): void {
  const issues = nulFields(where, value);
  if (issues.length > 0) {
    throw new ApiError("validation_failed", `The request is not valid: ${issues[0].field}: ${issues[0].message}`, issues);
  }
}
