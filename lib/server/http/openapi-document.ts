import "server-only";
import { z } from "zod";
import { API_ERROR_STATUS, ApiErrorBody } from "@/lib/contracts/api-error";
import type { ApiOperation } from "@/lib/contracts/api-operation";

type JsonSchema = Record<string, unknown>;

// Errors any operation can answer with, whatever it declares.
const COMMON_ERRORS = ["validation_failed", "internal_error"] as const;

function schemaOf(type: z.ZodType, io: "input" | "output"): JsonSchema {
  const schema = z.toJSONSchema(type, { io, unrepresentable: "any", reused: "inline" }) as JsonSchema;
  delete schema.$schema;
  return schema;
}

function queryParameters(query: z.ZodType | undefined): unknown[] {
  if (!query) return [];
  const schema = schemaOf(query, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: schema.required?.includes(name) ?? false,
    ...(typeof property.description === "string" ? { description: property.description } : {}),
    schema: property,
  }));
}

function pathParameters(path: string): unknown[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: "path", required: true, schema: { type: "string" } }));
}

/** The OpenAPI 3.1 document, built from the operations' zod schemas (JSON Schema 2020-12 is OpenAPI 3.1's dialect). */
export function buildOpenApiDocument(operations: ApiOperation[], info: { version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) {
    const errorCodes = [...new Set([...(operation.errors ?? []), ...COMMON_ERRORS])];
    const responses: Record<string, unknown> = {
      [String(operation.successStatus ?? 200)]: {
        description: "Success",
        content: { [operation.responseContentType ?? "application/json"]: { schema: schemaOf(operation.response, "output") } },
      },
    };
    for (const status of operation.alsoAnswers ?? []) {
      responses[String(status)] = { ...(responses[String(operation.successStatus ?? 200)] as object), description: "See the description" };
    }
    for (const code of errorCodes) {
      responses[String(API_ERROR_STATUS[code])] = {
        description: code,
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      };
    }
    paths[operation.path] ??= {};
    paths[operation.path][operation.method.toLowerCase()] = {
      operationId: operation.id,
      summary: operation.summary,
      ...(operation.description ? { description: operation.description } : {}),
      tags: [operation.tag],
      ...(operation.permission ? { "x-permission": operation.permission } : {}),
      ...(operation.access === "public" ? { security: [] } : {}),
      parameters: [...pathParameters(operation.path), ...queryParameters(operation.query)],
      ...(operation.body
        ? { requestBody: { required: true, content: { "application/json": { schema: schemaOf(operation.body, "input") } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Apiary API",
      version: info.version,
      description:
        "The API behind every page of the Apiary console. Errors always have the shape `{ error: { code, message, details?, requestId } }`.",
    },
    servers: [{ url: "/" }],
    paths,
    components: {
      schemas: { Error: schemaOf(ApiErrorBody, "output") },
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "__Host-apiary_session", description: "`apiary_session` on plain-http localhost." },
        apiKey: { type: "http", scheme: "bearer", description: "An API key created in the console." },
      },
    },
    security: [{ session: [] }, { apiKey: [] }],
  };
}
