import { API_ERROR_STATUS, type ApiErrorBody } from "@/lib/contracts/api-error";

export const dynamic = "force-dynamic";

// Any /api/v1 path no route serves answers in the API's error shape, not with the console's HTML 404 page.
function notFound(request: Request): Response {
  const body: ApiErrorBody = {
    error: { code: "not_found", message: `No API operation at ${request.method} ${new URL(request.url).pathname}. See /api/v1/openapi.json.` },
  };
  return Response.json(body, { status: API_ERROR_STATUS.not_found, headers: { "cache-control": "no-store" } });
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
