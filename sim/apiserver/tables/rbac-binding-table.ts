// RoleBinding / ClusterRoleBinding tables (Roles and ClusterRoles use the "Created At" table).
import { formatAge } from "../format-age";
import { AGE_COLUMN, NAME_COLUMN, column, type TablePrinter } from "./table-printer";

export const rbacBindingTable: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column("Role", "string", { description: "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace." }),
    AGE_COLUMN,
    column("Users", "string", { priority: 1, description: "Users in the roleBinding" }),
    column("Groups", "string", { priority: 1, description: "Groups in the roleBinding" }),
    column("ServiceAccounts", "string", { priority: 1, description: "ServiceAccounts in the roleBinding" }),
  ],
  cells(rb, nowMs) {
    const subjects: any[] = rb.subjects ?? [];
    const users = subjects.filter((s) => s.kind === "User").map((s) => s.name);
    const groups = subjects.filter((s) => s.kind === "Group").map((s) => s.name);
    const sas = subjects.filter((s) => s.kind === "ServiceAccount").map((s) => `${s.namespace ?? ""}:${s.name}`);
    return [
      rb.metadata.name,
      `${rb.roleRef?.kind ?? ""}/${rb.roleRef?.name ?? ""}`,
      formatAge(rb.metadata.creationTimestamp, nowMs),
      users.join(", "),
      groups.join(", "),
      sas.join(", "),
    ];
  },
};
