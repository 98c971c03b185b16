import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { RequestLog, requestHeadersForLog, type RequestLogEntry } from "./request-log";

const entry = (n: number) => ({ path: `/api/v1/pods/${n}` }) as unknown as RequestLogEntry;

describe("request log", () => {
  it("keeps the most recent requests, oldest first, once full", () => {
    const log = new RequestLog(3);
    for (let n = 1; n <= 5; n++) log.add(entry(n));
    expect(log.list().map((e) => e.path)).toEqual(["/api/v1/pods/3", "/api/v1/pods/4", "/api/v1/pods/5"]);
    log.clear();
    log.add(entry(6));
    expect(log.list().map((e) => e.path)).toEqual(["/api/v1/pods/6"]);
  });
});

describe("requestHeadersForLog", () => {
  it("keeps accept, content type, user agent and impersonation headers (repeats as a list) and only the scheme of the token", () => {
    const raw = ["Accept", "application/json", "Impersonate-Group", "dev", "impersonate-group", "ops", "X-Other", "x", "User-Agent", "kubectl/v1.33", "Authorization", "Bearer secret-token"];
    const req = { rawHeaders: raw, headers: { authorization: "Bearer secret-token" } } as unknown as IncomingMessage;
    expect(requestHeadersForLog(req)).toEqual({ accept: "application/json", "impersonate-group": ["dev", "ops"], "user-agent": "kubectl/v1.33", authorization: "Bearer" });
  });
});
