import fc from "fast-check";
import { z } from "zod";

// fast-check arbitraries generated from the API's zod contracts, through the JSON Schema zod itself emits for the
// input side (what a client may send), so a fuzzer explores the same shapes the OpenAPI document promises.
// Generated values are valid or close to it: strings honour lengths, patterns, enums and formats, numbers their
// bounds, objects their required keys, so requests get past parsing and into the handlers behind it.

type JsonSchema = {
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
};

/** Keeps generated strings small: a fuzzer wants many varied requests, not a few huge ones (those are tried on purpose). */
const MAX_STRING = 80;
const MAX_ITEMS = 4;

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? MAX_STRING, MAX_STRING));
  if (schema.pattern) {
    return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity));
  }
  switch (schema.format) {
    case "email":
      return fc.emailAddress();
    case "date-time":
      return fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString());
    case "uuid":
      return fc.uuid();
    case "uri":
      return fc.webUrl();
  }
  return fc.string({ unit: "grapheme", minLength, maxLength });
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + (integer ? 1 : Number.EPSILON) : undefined);
  const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - (integer ? 1 : Number.EPSILON) : undefined);
  if (integer) {
    return fc.integer({ min: Math.max(min ?? -1_000_000, Number.MIN_SAFE_INTEGER), max: Math.min(max ?? 1_000_000, Number.MAX_SAFE_INTEGER) });
  }
  return fc.double({ min: min ?? -1e9, max: max ?? 1e9, noNaN: true, noDefaultInfinity: true });
}

function toArbitrary(schema: JsonSchema, defs: Record<string, JsonSchema>, depth: number): fc.Arbitrary<unknown> {
  if (schema.$ref) {
    const name = schema.$ref.replace(/^#\/\$defs\//, "");
    const target = defs[name];
    if (!target || depth > 6) return fc.constant(null);
    return toArbitrary({ ...target, ...{ ...schema, $ref: undefined } }, defs, depth + 1);
  }
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return fc.oneof(...choices.map((choice) => toArbitrary(choice, defs, depth + 1)));
  if (schema.allOf) return toArbitrary(Object.assign({}, ...schema.allOf), defs, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (type.length > 1) return fc.oneof(...type.map((t) => toArbitrary({ ...schema, type: t }, defs, depth)));
  switch (type[0]) {
    case "string":
      return stringArbitrary(schema);
    case "integer":
      return numberArbitrary(schema, true);
    case "number":
      return numberArbitrary(schema, false);
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array": {
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? MAX_ITEMS, MAX_ITEMS));
      return fc.array(schema.items ? toArbitrary(schema.items, defs, depth + 1) : fc.jsonValue({ maxDepth: 2 }), { minLength, maxLength });
    }
    case "object": {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, property] of Object.entries(properties)) {
        // Zod's JSON Schema loses the format of piped strings such as emails; the key's name says what it holds.
        model[key] = /email/i.test(key) && !property.format ? fc.oneof(fc.emailAddress(), toArbitrary(property, defs, depth + 1)) : toArbitrary(property, defs, depth + 1);
      }
      return fc.record(model, { requiredKeys: [...required].filter((key) => key in properties) });
    }
  }
  return fc.jsonValue({ maxDepth: 2 });
}

/** Values a client could send for this schema's input side (bodies: JSON values; see `queryArbitrary` for queries). */
export function arbitraryFromZod(schema: z.ZodType): fc.Arbitrary<unknown> {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any", reused: "inline", cycles: "ref" }) as JsonSchema;
  return toArbitrary(json, json.$defs ?? {}, 0);
}

/** Query strings for a query schema: each generated value written as the text a URL carries. */
export function queryArbitrary(schema: z.ZodType): fc.Arbitrary<Record<string, string>> {
  return arbitraryFromZod(schema).map((value) => {
    const out: Record<string, string> = {};
    if (value && typeof value === "object" && !Array.isArray(value)) {
      for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = typeof v === "string" ? v : JSON.stringify(v);
    }
    return out;
  });
}
