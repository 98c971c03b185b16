import { formatAge } from "../format-age";
import { AGE_COLUMN, NAME_COLUMN, column, type TablePrinter } from "./table-printer";

export const namespaceTable: TablePrinter = {
  columns: [NAME_COLUMN, column("Status", "string", { description: "The status of the namespace" }), AGE_COLUMN],
  cells(ns, nowMs) {
    return [ns.metadata.name, ns.status?.phase ?? "", formatAge(ns.metadata.creationTimestamp, nowMs)];
  },
};
