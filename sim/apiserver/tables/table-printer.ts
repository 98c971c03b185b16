// The shape shared by every per-kind table printer (the server-side printers of kube-apiserver's
// pkg/printers/internalversion). The server always fills every column; kubectl hides priority-1 columns
// unless `-o wide`.
import type { KObject } from "../../core/types";

export interface TableColumn {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export interface TablePrinter {
  columns: TableColumn[];
  cells(obj: KObject, nowMs: number): unknown[];
}

export function column(name: string, type = "string", opts: { priority?: number; format?: string; description?: string } = {}): TableColumn {
  return { name, type, format: opts.format ?? "", description: opts.description ?? name, priority: opts.priority ?? 0 };
}

export const NAME_COLUMN = column("Name", "string", {
  format: "name",
  description: "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names",
});

export const AGE_COLUMN = column("Age", "string", {
  description: "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
});

/** labels.Selector.String() of a metav1.LabelSelector: requirements sorted by key, "" for match-everything. */
export function formatLabelSelector(selector: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined): string {
  if (!selector) return "";
  const parts: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) parts.push({ key: k, text: `${k}=${v}` });
  for (const e of selector.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(",");
    const text =
      e.operator === "In" ? `${e.key} in (${values})`
      : e.operator === "NotIn" ? `${e.key} notin (${values})`
      : e.operator === "Exists" ? e.key
      : e.operator === "DoesNotExist" ? `!${e.key}`
      : `${e.key} ${e.operator} (${values})`;
    parts.push({ key: e.key, text });
  }
  return parts
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((p) => p.text)
    .join(",");
}

/** labels.FormatLabels of a plain map (Service selectors): sorted "k=v" pairs or "<none>". */
export function formatLabelMap(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return "<none>";
  return keys.map((k) => `${k}=${labels![k]}`).join(",");
}

/** Container names and images of a pod template, comma separated, as the workload printers show them. */
export function containersAndImages(podSpec: { containers?: { name: string; image?: string }[] } | undefined): [string, string] {
  const containers = podSpec?.containers ?? [];
  return [containers.map((c) => c.name).join(","), containers.map((c) => c.image ?? "").join(",")];
}
