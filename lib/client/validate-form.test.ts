import { describe, expect, it } from "vitest";

import { validateForm } from "@/lib/client/validate-form";
import { SignupRequest } from "@/lib/contracts/auth";
import { CreateApiKeyRequest } from "@/lib/contracts/api-keys";
import { en } from "@/lib/i18n/messages/en";
import { zhCN } from "@/lib/i18n/messages/zh-CN";
import { createTranslator } from "@/lib/i18n/translate";

const t = createTranslator(en);

describe("validateForm", () => {
  it("checks a sign-up with the contract's schema and names each bad field once", () => {
    const result = validateForm(SignupRequest, { email: "not-an-email", password: "short", name: "", tenantName: "" }, t);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.errors).toEqual({
      email: "Enter an email address.",
      password: "Use at least 10 characters.",
      name: "Required.",
      tenantName: "Required.",
    });
  });

  it("answers in the reader's language", () => {
    const result = validateForm(SignupRequest, { email: "x", password: "short", name: "A", tenantName: "Acme" }, createTranslator(zhCN));
    expect(result.success).toBe(false);
    if (!result.success) expect(result.errors.password).toBe("至少 10 个字符。");
  });

  it("returns the parsed values (trimmed, lower-cased) when they are valid", () => {
    const result = validateForm(SignupRequest, { email: " Ada@Example.COM ", password: "correct horse", name: " Ada ", tenantName: "Acme" }, t);
    expect(result).toEqual({ success: true, data: { email: "ada@example.com", password: "correct horse", name: "Ada", tenantName: "Acme" } });
  });

  it("describes number bounds", () => {
    const result = validateForm(CreateApiKeyRequest, { name: "ci", role: "developer", expiresInDays: 0 }, t);
    expect(result.success ? null : result.errors).toEqual({ expiresInDays: "Must be at least 1." });
  });
});
