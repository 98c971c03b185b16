// Writing JSON bodies and Status errors the way kube-apiserver does.
import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseYaml } from "yaml";
import { StatusError } from "../core/types";
import { decodeProtobufObject, isProtobufBody } from "./protobuf/decode-protobuf";

export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = "application/json"): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(code, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-cache, private" });
  res.end(text);
}

export function sendText(res: ServerResponse, code: number, text: string, contentType = "text/plain; charset=utf-8"): void {
  res.writeHead(code, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-cache, private" });
  res.end(text);
}

/** Any thrown value as the StatusError kube-apiserver would answer with (unexpected ones become 500 InternalError). */
export function toStatusError(err: unknown): StatusError {
  if (err instanceof StatusError) return err;
  // A StatusError from another module instance (vitest can load two copies) still carries code and reason.
  if (err && typeof err === "object" && "code" in err && "reason" in err && typeof (err as StatusError).toStatus === "function") return err as StatusError;
  const message = err instanceof Error ? err.message : String(err);
  return new StatusError(500, "InternalError", `Internal error occurred: ${message}`, { causes: [{ message }] });
}

export function sendError(res: ServerResponse, err: unknown): void {
  const status = toStatusError(err);
  if (status.code === 500 && !(err instanceof StatusError)) console.error("apiary-sim: internal error", err);
  sendJson(res, status.code, status.toStatus());
}

export async function readBody(req: IncomingMessage, limitBytes = 16 * 1024 * 1024): Promise<string> {
  return (await readBodyBytes(req, limitBytes)).toString("utf8");
}

/** The request body as an object: JSON, or the protobuf that kubectl ≥ 1.32's typed clients send. */
export async function readBodyObject(req: IncomingMessage): Promise<any> {
  const bytes = await readBodyBytes(req);
  if (isProtobufBody(req.headers["content-type"])) return bytes.length === 0 ? undefined : decodeProtobufObject(bytes);
  return parseBody(bytes.toString("utf8"));
}

/**
 * The whole request body. Read with 'data'/'end' listeners rather than `for await`: the async iterator costs a
 * few promises per chunk, on every create and update the server handles. Like the iterator, a body over the
 * limit or a request torn down before its end rejects and destroys the request.
 */
export function readBodyBytes(req: IncomingMessage, limitBytes = 16 * 1024 * 1024): Promise<Buffer> {
  if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    const fail = (err: unknown) => {
      settle();
      req.destroy();
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) return fail(new StatusError(413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728"));
      chunks.push(chunk);
    };
    const onEnd = () => {
      settle();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    };
    const onError = (err: Error) => fail(err);
    const onClose = () => fail(Object.assign(new Error("Premature close"), { code: "ERR_STREAM_PREMATURE_CLOSE" }));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}

/** JSON (or, for apply patches, YAML) request bodies; a syntax error is a 400 as in the real server. */
export function parseBody(text: string, yaml = false): any {
  if (text.trim() === "") return undefined;
  try {
    return yaml ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new StatusError(400, "BadRequest", `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (${err instanceof Error ? err.message : String(err)})`);
  }
}
