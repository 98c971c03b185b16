import { describe, expect, it } from "vitest";

import { ApiRequestError } from "@/lib/client/api-client";
import { describeApiError } from "@/lib/client/describe-api-error";
import { en } from "@/lib/i18n/messages/en";
import { createTranslator } from "@/lib/i18n/translate";

const t = createTranslator(en);

describe("describeApiError", () => {
  it("adds the server's precise reason to a conflict", () => {
    const error = new ApiRequestError({ code: "conflict", message: "An invitation for this email is already pending", status: 409 });
    expect(describeApiError(t, error)).toBe(`${en.apiErrors.conflict} (An invitation for this email is already pending)`);
  });

  it("lets a screen say something more precise for a code it understands", () => {
    const error = new ApiRequestError({ code: "conflict", message: "last owner", status: 409 });
    expect(describeApiError(t, error, { conflict: "The last owner cannot leave." })).toBe("The last owner cannot leave.");
  });

  it("gives the request id for server failures, so an operator can find the log line", () => {
    const error = new ApiRequestError({ code: "internal_error", message: "x", status: 500, requestId: "req-42" });
    expect(describeApiError(t, error)).toContain("req-42");
  });

  it("does not leak technical text for unknown failures", () => {
    expect(describeApiError(t, new TypeError("undefined is not a function"))).toBe(en.apiErrors.unknown);
  });
});
