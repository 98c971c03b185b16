import "server-only";

/** The label the Deployment controller adds to each ReplicaSet's template; kubectl ignores it when comparing. */
export const POD_TEMPLATE_HASH = "pod-template-hash";

/** A pod template as JSON with sorted keys and without the hash label: equal keys mean kubectl's equalIgnoreHash. */
export function podTemplateKey(template: unknown): string {
  const copy = JSON.parse(JSON.stringify(template ?? {})) as { metadata?: { labels?: Record<string, string> } };
  delete copy.metadata?.labels?.[POD_TEMPLATE_HASH];
  const sorted = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sorted)
      : value && typeof value === "object"
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
          )
        : value;
  return JSON.stringify(sorted(copy));
}
