import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";

import { apiFetch, ApiRequestError, buildApiUrl, toApiRequestError } from "@/lib/client/api-client";
import { defineOperation } from "@/lib/contracts/api-operation";

const getThing = defineOperation({
  id: "getThing",
  method: "GET",
  path: "/api/v1/tenants/{tenant}/things/{id}",
  summary: "test",
  tag: "test",
  access: "signed-in",
  response: z.object({ id: z.string(), count: z.number() }),
});

const createThing = defineOperation({
  id: "createThing",
  method: "POST",
  path: "/api/v1/things",
  summary: "test",
  tag: "test",
  access: "signed-in",
  body: z.object({ name: z.string() }),
  response: z.object({ id: z.string() }),
  successStatus: 201,
});

function answer(status: number, body: unknown) {
  const fetchMock = vi.fn(async () => new Response(body === undefined ? "" : JSON.stringify(body), { status, headers: { "content-type": "application/json" } }));
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

afterEach(() => vi.unstubAllGlobals());

describe("buildApiUrl", () => {
  it("fills and encodes path parameters and skips empty query values", () => {
    expect(buildApiUrl("/api/v1/tenants/{tenant}/things/{id}", { tenant: "acme", id: "a b/c" }, { limit: 20, cursor: undefined, q: "" })).toBe(
      "/api/v1/tenants/acme/things/a%20b%2Fc?limit=20",
    );
  });

  it("refuses to build a path with a missing parameter", () => {
    expect(() => buildApiUrl("/api/v1/tenants/{tenant}", {})).toThrow(/tenant/);
  });
});

describe("apiFetch", () => {
  it("sends JSON with same-origin credentials and returns the parsed answer", async () => {
    const fetchMock = answer(201, { id: "t1", extra: "dropped" });
    await expect(apiFetch(createThing, { body: { name: "x" } })).resolves.toEqual({ id: "t1" });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/v1/things");
    expect(init).toMatchObject({ method: "POST", credentials: "same-origin", body: JSON.stringify({ name: "x" }) });
    expect((init.headers as Record<string, string>)["content-type"]).toBe("application/json");
  });

  it("rejects an answer that does not match the operation's response schema", async () => {
    answer(200, { id: "t1", count: "three" });
    const error = await apiFetch(getThing, { params: { tenant: "acme", id: "t1" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ code: "invalid_response", status: 200 });
    expect((error as Error).message).toContain("count");
  });

  it("turns an error body into a typed error with code, message, details and status", async () => {
    answer(422, {
      error: { code: "validation_failed", message: "The request is not valid", details: [{ field: "body.name", message: "required" }], requestId: "r1" },
    });
    const error = (await apiFetch(createThing, { body: { name: "" } }).catch((e: unknown) => e)) as ApiRequestError;
    expect(error).toMatchObject({ code: "validation_failed", status: 422, requestId: "r1" });
    expect(error.issues).toEqual([{ field: "body.name", message: "required" }]);
  });

  it("exposes details.reason, as sign-in's two-factor answer carries", async () => {
    answer(401, { error: { code: "unauthorized", message: "Two-factor code needed", details: { reason: "two_factor_required" } } });
    const error = (await apiFetch(getThing, { params: { tenant: "a", id: "b" } }).catch((e: unknown) => e)) as ApiRequestError;
    expect(error.reason).toBe("two_factor_required");
    expect(error.issues).toEqual([]);
  });

  it("reports an unreachable server as a network error", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
    await expect(apiFetch(getThing, { params: { tenant: "a", id: "b" } })).rejects.toMatchObject({ code: "network_error", status: 0 });
  });
});

describe("toApiRequestError", () => {
  it("falls back to the status when the body is not the error shape (a proxy's HTML page)", () => {
    expect(toApiRequestError(403, "<html>Forbidden</html>")).toMatchObject({ code: "forbidden", status: 403 });
    expect(toApiRequestError(502, undefined)).toMatchObject({ code: "internal_error", status: 502 });
  });
});
