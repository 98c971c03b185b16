import { describe, expect, it } from "vitest";

import { ApiRequestError } from "@/lib/client/api-client";
import { serverFieldErrors } from "@/lib/client/server-field-errors";

describe("serverFieldErrors", () => {
  it("maps body.* issues of a 422 onto form fields, first message per field", () => {
    const error = new ApiRequestError({
      code: "validation_failed",
      message: "invalid",
      status: 422,
      details: [
        { field: "body.email", message: "already registered" },
        { field: "body.email", message: "second" },
        { field: "body.expiresInDays", message: "too big" },
        { field: "query.limit", message: "not a form field" },
      ],
    });
    expect(serverFieldErrors(error)).toEqual({ email: "already registered", expiresInDays: "too big" });
  });

  it("gives nothing for errors without field details", () => {
    expect(serverFieldErrors(new ApiRequestError({ code: "conflict", message: "x", status: 409, details: { reason: "x" } }))).toEqual({});
    expect(serverFieldErrors(new Error("boom"))).toEqual({});
  });
});
