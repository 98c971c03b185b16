import { describe, expect, it } from "vitest";

import { en } from "@/lib/i18n/messages/en";
import { zhCN } from "@/lib/i18n/messages/zh-CN";
import { createTranslator, type MessageKey } from "@/lib/i18n/translate";

describe("createTranslator", () => {
  it("looks up a dotted key in the chosen language", () => {
    expect(createTranslator(en)("nav.deployments")).toBe("Deployments");
    expect(createTranslator(zhCN)("nav.deployments")).toBe("部署");
  });

  it("fills placeholders with the given values", () => {
    expect(createTranslator(en)("deploymentDetail.title", { name: "web" })).toBe("Workload web");
    expect(createTranslator(zhCN)("settings.description", { tenant: "acme" })).toBe(
      "租户 acme 的成员、邀请、API 密钥和审计日志。",
    );
  });

  it("leaves a placeholder visible when its value is missing", () => {
    expect(createTranslator(en)("overview.description")).toBe("A summary of tenant {tenant}.");
  });

  it("shows the key instead of crashing when a key is unknown at run time", () => {
    expect(createTranslator(en)("nav.nope" as MessageKey)).toBe("nav.nope");
  });
});
