import { openApiOperation } from "@/lib/contracts/health";
import { apiOperations } from "@/lib/contracts/operations";
import { route } from "@/lib/server/http/route";
import { buildOpenApiDocument } from "@/lib/server/http/openapi-document";
import packageJson from "@/package.json";

export const dynamic = "force-dynamic";

let document: Record<string, unknown> | undefined;

// GET /api/v1/openapi.json — generated from the same zod schemas that validate every request.
export const GET = route(openApiOperation, async () => {
  document ??= buildOpenApiDocument(apiOperations, { version: packageJson.version });
  return document;
});
