import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { apiOperations } from "@/lib/contracts/operations";
import { buildOpenApiDocument } from "./openapi-document";

const API_ROOT = path.join(process.cwd(), "app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every route file under app/api/v1 with the HTTP methods it exports, as OpenAPI paths. */
function servedRoutes(): { path: string; method: string }[] {
  const found: { path: string; method: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      // The catch-all answers 404 for paths no operation serves; it is not an operation itself.
      else if (entry.name === "route.ts" && !dir.endsWith("[...path]")) {
        const source = fs.readFileSync(full, "utf8");
        const apiPath = `/api/v1/${path.relative(API_ROOT, dir)}`
          .replace(/\/$/, "")
          .replace(/\[\.\.\.(\w+)\]/g, "{$1}")
          .replace(/\[(\w+)\]/g, "{$1}");
        for (const method of METHODS) {
          if (new RegExp(`export (const|async function|function) ${method}\\b`).test(source)) found.push({ path: apiPath, method });
        }
      }
    }
  };
  walk(API_ROOT);
  return found;
}

describe("OpenAPI document", () => {
  const document = buildOpenApiDocument(apiOperations, { version: "test" }) as { paths: Record<string, Record<string, unknown>> };

  it("describes every route served under app/api/v1", () => {
    const routes = servedRoutes();
    expect(routes.length).toBeGreaterThan(0);
    const missing = routes.filter((r) => !document.paths[r.path]?.[r.method.toLowerCase()]).map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
  });

  it("describes no operation that no route serves", () => {
    const served = new Set(servedRoutes().map((r) => `${r.method} ${r.path}`));
    const phantom = apiOperations.map((o) => `${o.method} ${o.path}`).filter((key) => !served.has(key));
    expect(phantom).toEqual([]);
  });

  it("gives every operation a unique id and the shared error shape", () => {
    const ids = apiOperations.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    const readyz = document.paths["/api/v1/readyz"].get as { responses: Record<string, { content: Record<string, { schema: unknown }> }> };
    expect(readyz.responses["422"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Error" });
    expect(readyz.responses["500"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Error" });
    expect(readyz.responses["503"].content["application/json"].schema).toEqual(readyz.responses["200"].content["application/json"].schema);
  });
});
