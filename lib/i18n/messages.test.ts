import { describe, expect, it } from "vitest";

import { en } from "@/lib/i18n/messages/en";
import { zhCN } from "@/lib/i18n/messages/zh-CN";

/** Flattens a message tree to `{ "nav.deployments": "Deployments", … }`. */
function flatten(tree: object, prefix = ""): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "object" && value !== null) Object.assign(out, flatten(value, path));
    else out[path] = value;
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("message dictionaries", () => {
  const english = flatten(en);
  const chinese = flatten(zhCN);

  it("gives every English key a non-empty Simplified Chinese string", () => {
    for (const key of Object.keys(english)) {
      expect(chinese[key], key).toBeTypeOf("string");
      expect((chinese[key] as string).trim(), key).not.toBe("");
    }
  });

  it("has no Simplified Chinese key that English lacks", () => {
    expect(Object.keys(chinese).filter((key) => !(key in english))).toEqual([]);
  });

  it("keeps the same {placeholders} in both languages", () => {
    for (const [key, text] of Object.entries(english)) {
      expect(placeholders(chinese[key] as string), key).toEqual(placeholders(text as string));
    }
  });
});
