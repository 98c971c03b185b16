// ConfigMaps, Secrets and ServiceAccounts: small count-style tables.
import { formatAge } from "../format-age";
import { AGE_COLUMN, NAME_COLUMN, column, type TablePrinter } from "./table-printer";

export const configMapTable: TablePrinter = {
  columns: [NAME_COLUMN, column("Data", "integer", { description: "Data contains the configuration data." }), AGE_COLUMN],
  cells(cm, nowMs) {
    return [cm.metadata.name, Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length, formatAge(cm.metadata.creationTimestamp, nowMs)];
  },
};

export const secretTable: TablePrinter = {
  columns: [NAME_COLUMN, column("Type", "string", { description: "Used to facilitate programmatic handling of secret data." }), column("Data", "integer", { description: "Data contains the secret data." }), AGE_COLUMN],
  cells(s, nowMs) {
    return [s.metadata.name, s.type ?? "Opaque", Object.keys(s.data ?? {}).length, formatAge(s.metadata.creationTimestamp, nowMs)];
  },
};

export const serviceAccountTable: TablePrinter = {
  columns: [NAME_COLUMN, column("Secrets", "integer", { description: "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use." }), AGE_COLUMN],
  cells(sa, nowMs) {
    return [sa.metadata.name, (sa.secrets ?? []).length, formatAge(sa.metadata.creationTimestamp, nowMs)];
  },
};
