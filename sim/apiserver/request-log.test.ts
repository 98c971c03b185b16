import { describe, expect, it } from "vitest";
import { RequestLog, type RequestLogEntry } from "./request-log";

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
