import type { Messages } from "@/lib/i18n/messages/en";

/** Dotted paths to every string in a message tree: `"nav.deployments" | "deployments.title" | …`. */
type LeafPaths<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${LeafPaths<T[K]>}`;
}[keyof T & string];

export type MessageKey = LeafPaths<Messages>;
export type MessageValues = Record<string, string | number>;
export type Translate = (key: MessageKey, values?: MessageValues) => string;

/**
 * Builds the `t()` function shared by server pages and client leaves, so both render the same
 * text for the same key. Keys are checked at compile time; at run time a missing key (possible
 * only if a dictionary is cast around the type) shows the key itself rather than crashing a page.
 */
export function createTranslator(messages: Messages): Translate {
  return (key, values) => {
    let node: unknown = messages;
    for (const part of key.split(".")) {
      node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[part] : undefined;
    }
    if (typeof node !== "string") return key;
    if (!values) return node;
    // An unknown placeholder stays visible as `{name}` so a mistake shows up in review, not as blank text.
    return node.replace(/\{(\w+)\}/g, (match, name: string) =>
      Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match,
    );
  };
}
