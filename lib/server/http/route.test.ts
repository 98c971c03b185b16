import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineOperation } from "@/lib/contracts/api-operation";
import { ApiError } from "./api-error";
import { route } from "./route";

const Greeting = z.object({ message: z.string() });
const greet = defineOperation({
  id: "greet",
  method: "POST",
  path: "/api/v1/greet",
  summary: "test",
  tag: "Test",
  access: "public",
  query: z.object({ loud: z.enum(["yes", "no"]).optional() }),
  body: z.object({ name: z.string().min(1), age: z.number().int().optional() }),
  response: Greeting,
});

const post = (body: string, headers: Record<string, string> = { "content-type": "application/json" }, url = "http://x/api/v1/greet") =>
  new Request(url, { method: "POST", body, headers });

describe("route wrapper", () => {
  const handler = route(greet, async ({ body, query }) => ({ message: `hello ${body.name}${query.loud === "yes" ? "!" : ""}` }));

  it("answers with data that passed the response schema and a request id", async () => {
    const response = await handler(post(JSON.stringify({ name: "ada" }), { "content-type": "application/json", "x-request-id": "req-1" }, "http://x/api/v1/greet?loud=yes"));
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("req-1");
    expect(await response.json()).toEqual({ message: "hello ada!" });
  });

  it("sends the API's security headers with every answer, success or error", async () => {
    for (const response of [await handler(post(JSON.stringify({ name: "ada" }))), await handler(post("{"))]) {
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
    }
  });

  it("names every invalid field in a 422", async () => {
    const response = await handler(post(JSON.stringify({ name: "", age: 1.5 }), undefined, "http://x/api/v1/greet?loud=maybe"));
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.details.map((d: { field: string }) => d.field)).toEqual(["query.loud"]);
    const second = await handler(post(JSON.stringify({ name: "", age: 1.5 })));
    const fields = (await second.json()).error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(["body.name", "body.age"]);
  });

  it("refuses malformed JSON with 400 and other content types with 415", async () => {
    expect((await handler(post("{nope"))).status).toBe(400);
    const wrongType = await handler(post("name=ada", { "content-type": "application/x-www-form-urlencoded" }));
    expect(wrongType.status).toBe(415);
    expect((await wrongType.json()).error.code).toBe("unsupported_media_type");
  });

  it("refuses a body over 1 MiB with 413", async () => {
    const response = await handler(post(JSON.stringify({ name: "x".repeat(1024 * 1024 + 10) })));
    expect(response.status).toBe(413);
  });

  it("maps ApiError to its status and keeps its headers", async () => {
    const limited = route(greet, async () => {
      throw new ApiError("rate_limited", "Too many attempts.", undefined, { "retry-after": "30" });
    });
    const response = await limited(post(JSON.stringify({ name: "a" })));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("30");
    expect((await response.json()).error).toMatchObject({ code: "rate_limited", message: "Too many attempts." });
  });

  it("turns an unexpected failure into a 500 with a request id and no stack trace", async () => {
    const broken = route(greet, async () => {
      throw new TypeError("secret internals at /srv/app.ts:12");
    });
    const response = await broken(post(JSON.stringify({ name: "a" })));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain("secret internals");
    expect(text).not.toContain("app.ts");
    const body = JSON.parse(text);
    expect(body.error.code).toBe("internal_error");
    expect(body.error.message).toContain(body.error.requestId);
  });

  it("does not send a response that breaks its own contract", async () => {
    const sloppy = route(greet, async () => ({ message: 42 }) as never);
    expect((await sloppy(post(JSON.stringify({ name: "a" })))).status).toBe(500);
  });

  it("ignores a request id that could inject into logs", async () => {
    const response = await handler(post(JSON.stringify({ name: "a" }), { "content-type": "application/json", "x-request-id": "bad id\" injected=1" }));
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("route wrapper inside Next", () => {
  it("serves routes without path parameters, where Next resolves params to undefined", async () => {
    const ping = defineOperation({ id: "ping", method: "GET", path: "/api/v1/ping", summary: "t", tag: "Test", access: "public", response: Greeting });
    const handler = route(ping, async ({ params }) => ({ message: `params ${JSON.stringify(params)}` }));
    const response = await handler(new Request("http://x/api/v1/ping"), { params: Promise.resolve(undefined as never) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ message: "params {}" });
  });
});
