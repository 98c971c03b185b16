// ResourceQuota, LimitRange, NetworkPolicy and PodDisruptionBudget tables.
import { formatAge } from "../format-age";
import { AGE_COLUMN, NAME_COLUMN, column, formatLabelSelector, type TablePrinter } from "./table-printer";

export const resourceQuotaTable: TablePrinter = {
  columns: [NAME_COLUMN, AGE_COLUMN, column("Request", "string", { description: "Request represents a minimum amount of cpu/memory that a container may consume." }), column("Limit", "string", { description: "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node." })],
  cells(q, nowMs) {
    const hard: Record<string, string> = q.spec?.hard ?? {};
    const request: string[] = [];
    const limit: string[] = [];
    for (const resource of Object.keys(hard).sort()) {
      const used = q.status?.used?.[resource] ?? "0";
      const statusHard = q.status?.hard?.[resource] ?? "0";
      const text = `${resource}: ${used}/${statusHard}`;
      const pieces = resource.split(".");
      (pieces.length > 1 && pieces[0] === "limits" ? limit : request).push(text);
    }
    return [q.metadata.name, formatAge(q.metadata.creationTimestamp, nowMs), request.join(", "), limit.join(", ")];
  },
};

/** "Created At" columns print the RFC 3339 creation time rather than an age. */
export const createdAtTable: TablePrinter = {
  columns: [NAME_COLUMN, column("Created At", "date", { description: "CreationTimestamp is a timestamp representing the server time when this object was created." })],
  cells(o) {
    return [o.metadata.name, o.metadata.creationTimestamp ?? ""];
  },
};

export const networkPolicyTable: TablePrinter = {
  columns: [NAME_COLUMN, column("Pod-Selector", "string", { description: "Selects the pods to which this NetworkPolicy object applies." }), AGE_COLUMN],
  cells(np, nowMs) {
    return [np.metadata.name, formatLabelSelector(np.spec?.podSelector) || "<none>", formatAge(np.metadata.creationTimestamp, nowMs)];
  },
};

export const podDisruptionBudgetTable: TablePrinter = {
  columns: [NAME_COLUMN, column("Min Available", "string"), column("Max Unavailable", "string"), column("Allowed Disruptions", "integer"), AGE_COLUMN],
  cells(pdb, nowMs) {
    return [
      pdb.metadata.name,
      pdb.spec?.minAvailable != null ? String(pdb.spec.minAvailable) : "N/A",
      pdb.spec?.maxUnavailable != null ? String(pdb.spec.maxUnavailable) : "N/A",
      pdb.status?.disruptionsAllowed ?? 0,
      formatAge(pdb.metadata.creationTimestamp, nowMs),
    ];
  },
};
