import "server-only";

// Strict field validation only helps if unknown fields reach the API server, and a typed client drops them while
// serializing. Comparing what the user wrote with what a dry run returned finds them all the same: a field present
// in the YAML but absent from the answer was not part of the schema, so it would silently do nothing.

/** Values an API server may leave out of its answer (Go's omitempty) although the field is known. */
function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === "") return true;
  return typeof value === "object" && Object.keys(value as object).length === 0;
}

/** Paths (`spec.template.spec.containers[0].imagePolicy`) written in `sent` that `returned` does not hold. */
export function findDroppedFields(sent: unknown, returned: unknown, path = ""): string[] {
  if (Array.isArray(sent)) {
    if (!Array.isArray(returned)) return [];
    return sent.flatMap((item, index) => findDroppedFields(item, returned[index], `${path}[${index}]`));
  }
  if (sent === null || typeof sent !== "object" || returned === null || typeof returned !== "object") return [];
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(sent)) {
    const at = path ? `${path}.${key}` : key;
    // status is the server's to write, and empty values may be left out of an answer without being unknown.
    if ((path === "" && key === "status") || isEmpty(value)) continue;
    if (!(key in returned)) dropped.push(at);
    else dropped.push(...findDroppedFields(value, (returned as Record<string, unknown>)[key], at));
  }
  return dropped;
}
