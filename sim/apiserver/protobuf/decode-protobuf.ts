// Decodes the Kubernetes protobuf envelope ("k8s\0" + runtime.Unknown) into the JSON object the same request
// would have carried as application/json. Unknown fields are skipped rather than guessed.
import { StatusError, type KObject } from "../../core/types";
import { SCHEMAS, type FieldType, type ScalarType } from "./protobuf-schemas";

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer, readonly end = buf.length) {}
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.end) throw new Error("truncated varint");
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  }
  bytes(): Buffer {
    const len = Number(this.varint());
    if (this.pos + len > this.end) throw new Error("truncated bytes");
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
}

function scalar(type: ScalarType, wireType: number, r: Reader): unknown {
  switch (type) {
    case "string":
      return r.bytes().toString("utf8");
    case "bytes":
      return r.bytes().toString("base64");
    case "bool":
      return r.varint() !== 0n;
    case "int32":
      return Number(BigInt.asIntN(32, r.varint()));
    case "int64":
      return Number(BigInt.asIntN(64, r.varint()));
    case "double": {
      if (wireType !== 1) return Number(r.varint());
      const v = r.buf.readDoubleLE(r.pos);
      r.pos += 8;
      return v;
    }
  }
}

function isZero(v: unknown): boolean {
  return v === "" || v === 0 || v === false;
}

/** Special well-known messages that serialise to JSON scalars. */
function finishMessage(name: string, obj: Record<string, unknown>): unknown {
  if (name === "Time") {
    const seconds = Number(obj.seconds ?? 0);
    if (seconds === 0 && !obj.nanos) return null;
    return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  }
  if (name === "Quantity") return obj.string ?? "0";
  if (name === "IntOrString") return Number(obj.type ?? 0) === 1 ? (obj.strVal ?? "") : (obj.intVal ?? 0);
  return obj;
}

function decodeMessage(name: string, buf: Buffer): unknown {
  const schema = SCHEMAS[name] ?? {};
  const r = new Reader(buf);
  const out: Record<string, unknown> = {};
  const keepZero = new Set<string>();
  while (r.pos < r.end) {
    const key = Number(r.varint());
    const fieldNo = key >>> 3;
    const wireType = key & 7;
    const def = schema[fieldNo];
    if (!def) {
      r.skip(wireType);
      continue;
    }
    const [field, type, flags] = def;
    const value = decodeValue(type, wireType, r, out[field]);
    if (flags === "repeated") {
      const list = (out[field] as unknown[] | undefined) ?? [];
      // Packed repeated scalars arrive as one length-delimited field.
      if (typeof type === "string" && type !== "string" && type !== "bytes" && wireType === 2) list.push(...(value as unknown[]));
      else list.push(value);
      out[field] = list;
    } else if (typeof type === "object" && "map" in type) {
      out[field] = value;
    } else {
      out[field] = value;
      if (flags === "ptr") keepZero.add(field);
    }
  }
  // Go's JSON omits empty non-pointer fields (omitempty); protobuf writes them, so drop them again.
  for (const [k, v] of Object.entries(out)) {
    if (isZero(v) && !keepZero.has(k) && typeof SCHEMAS[name] === "object") delete out[k];
  }
  return finishMessage(name, out);
}

function decodeValue(type: FieldType, wireType: number, r: Reader, previous: unknown): unknown {
  if (typeof type === "string") {
    if (wireType === 2 && type !== "string" && type !== "bytes") {
      const sub = new Reader(r.bytes());
      const values: unknown[] = [];
      while (sub.pos < sub.end) values.push(scalar(type, type === "double" ? 1 : 0, sub));
      return values;
    }
    return scalar(type, wireType, r);
  }
  if ("message" in type) return decodeMessage(type.message, r.bytes());
  // Map entries are repeated messages {1: key, 2: value} merged into one object.
  const entry = new Reader(r.bytes());
  let k = "";
  let v: unknown = type.map[1] === "string" ? "" : undefined;
  while (entry.pos < entry.end) {
    const key = Number(entry.varint());
    const fieldNo = key >>> 3;
    const wt = key & 7;
    if (fieldNo === 1) k = String(scalar(type.map[0], wt, entry));
    else if (fieldNo === 2) v = typeof type.map[1] === "string" ? scalar(type.map[1], wt, entry) : decodeMessage(type.map[1].message, entry.bytes());
    else entry.skip(wt);
  }
  return { ...((previous as Record<string, unknown>) ?? {}), [k]: v };
}

export function isProtobufBody(contentType: string | undefined): boolean {
  return (contentType ?? "").split(";")[0].trim() === "application/vnd.kubernetes.protobuf";
}

/** Decodes a protobuf request body; 415 when the kind is one the simulator has no schema for. */
export function decodeProtobufObject(body: Buffer): KObject {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw new StatusError(400, "BadRequest", "provided protobuf is not a Kubernetes object (missing k8s magic prefix)");
  let envelope: { typeMeta?: { apiVersion?: string; kind?: string }; raw?: string };
  try {
    envelope = decodeMessage("Unknown", body.subarray(4)) as typeof envelope;
  } catch (err) {
    throw new StatusError(400, "BadRequest", `unable to decode protobuf body: ${err instanceof Error ? err.message : String(err)}`);
  }
  const kind = envelope.typeMeta?.kind ?? "";
  if (!SCHEMAS[kind] || !("1" in SCHEMAS[kind])) {
    throw new StatusError(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (no protobuf schema for kind "${kind}")`);
  }
  const obj = decodeMessage(kind, Buffer.from(envelope.raw ?? "", "base64")) as KObject;
  return { ...obj, apiVersion: envelope.typeMeta?.apiVersion ?? "", kind, metadata: (obj.metadata as KObject["metadata"]) ?? {} };
}
