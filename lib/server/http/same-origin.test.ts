import { describe, expect, it } from "vitest";
import { ApiError } from "./api-error";
import { assertSameOrigin } from "./same-origin";

const request = (method: string, headers: Record<string, string>) => new Request("http://127.0.0.1:3000/api/v1/tenants/acme/members", { method, headers });
const outcome = (fn: () => void) => {
  try {
    fn();
    return "allowed";
  } catch (error) {
    return (error as ApiError).status;
  }
};

describe("assertSameOrigin", () => {
  it("lets reads through whatever their Origin", () => {
    expect(outcome(() => assertSameOrigin(request("GET", { origin: "https://evil.example" }), "cookie"))).toBe("allowed");
  });

  it("accepts a cookie mutation from the console's own origin or Host", () => {
    expect(outcome(() => assertSameOrigin(request("POST", { origin: "http://127.0.0.1:3000" }), "cookie"))).toBe("allowed");
    expect(outcome(() => assertSameOrigin(request("PATCH", { origin: "https://console.example.com", host: "console.example.com" }), "cookie"))).toBe("allowed");
  });

  it("refuses a cookie mutation from another origin, from a null origin, or with none", () => {
    expect(outcome(() => assertSameOrigin(request("POST", { origin: "https://evil.example" }), "cookie"))).toBe(403);
    expect(outcome(() => assertSameOrigin(request("DELETE", { origin: "null" }), "cookie"))).toBe(403);
    expect(outcome(() => assertSameOrigin(request("PUT", {}), "cookie"))).toBe(403);
  });

  it("exempts API-key requests, and lets origin-less requests without credentials through (curl)", () => {
    expect(outcome(() => assertSameOrigin(request("POST", { origin: "https://ci.example.com" }), "api_key"))).toBe("allowed");
    expect(outcome(() => assertSameOrigin(request("POST", {}), "none"))).toBe("allowed");
    expect(outcome(() => assertSameOrigin(request("POST", { origin: "https://evil.example" }), "none"))).toBe(403);
  });
});
