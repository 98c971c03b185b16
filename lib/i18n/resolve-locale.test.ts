import { describe, expect, it } from "vitest";

import { matchAcceptLanguage, resolveLocale } from "@/lib/i18n/resolve-locale";

describe("resolveLocale", () => {
  it("picks Simplified Chinese for a browser that prefers zh-CN", () => {
    expect(resolveLocale({ acceptLanguage: "zh-CN,zh;q=0.9" })).toBe("zh-CN");
  });

  it("picks English for an English browser", () => {
    expect(resolveLocale({ acceptLanguage: "en-US,en;q=0.9" })).toBe("en");
  });

  it("falls back to English for a language we do not ship", () => {
    expect(resolveLocale({ acceptLanguage: "fr-FR,fr;q=0.9,de;q=0.8" })).toBe("en");
  });

  it("falls back to English without an Accept-Language header", () => {
    expect(resolveLocale({})).toBe("en");
    expect(resolveLocale({ acceptLanguage: "" })).toBe("en");
  });

  it("lets the cookie override the browser's preference", () => {
    expect(resolveLocale({ cookie: "en", acceptLanguage: "zh-CN,zh;q=0.9" })).toBe("en");
    expect(resolveLocale({ cookie: "zh-CN", acceptLanguage: "en-US" })).toBe("zh-CN");
  });

  it("ignores a cookie that names no shipped locale", () => {
    expect(resolveLocale({ cookie: "klingon", acceptLanguage: "zh-CN" })).toBe("zh-CN");
  });
});

describe("matchAcceptLanguage", () => {
  it("honours q values over header order", () => {
    expect(matchAcceptLanguage("en;q=0.5,zh;q=0.8")).toBe("zh-CN");
  });

  it("keeps header order between equal q values", () => {
    expect(matchAcceptLanguage("en,zh")).toBe("en");
  });

  it("skips languages we do not ship to reach one we do", () => {
    expect(matchAcceptLanguage("ja-JP,ja;q=0.9,zh-Hans;q=0.8,en;q=0.7")).toBe("zh-CN");
  });

  it("treats q=0 as not acceptable", () => {
    expect(matchAcceptLanguage("zh;q=0,en;q=0.1")).toBe("en");
  });

  it("returns null when only a wildcard or unknown languages are offered", () => {
    expect(matchAcceptLanguage("*")).toBeNull();
    expect(matchAcceptLanguage("de-DE")).toBeNull();
  });

  it("is case-insensitive and tolerates whitespace", () => {
    expect(matchAcceptLanguage(" ZH-cn ; q=0.9 , EN ; q=0.1")).toBe("zh-CN");
  });
});
