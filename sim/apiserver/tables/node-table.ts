import { formatAge } from "../format-age";
import { AGE_COLUMN, NAME_COLUMN, column, type TablePrinter } from "./table-printer";

function nodeStatus(node: any): string {
  const status: string[] = [];
  const ready = (node.status?.conditions ?? []).find((c: any) => c.type === "Ready");
  if (ready) status.push(ready.status === "True" ? "Ready" : "NotReady");
  if (status.length === 0) status.push("Unknown");
  if (node.spec?.unschedulable) status.push("SchedulingDisabled");
  return status.join(",");
}

function roles(node: any): string {
  const found = new Set<string>();
  for (const [k, v] of Object.entries<string>(node.metadata.labels ?? {})) {
    if (k.startsWith("node-role.kubernetes.io/")) {
      const role = k.slice("node-role.kubernetes.io/".length);
      if (role) found.add(role);
    } else if (k === "kubernetes.io/role" && v) found.add(v);
  }
  return found.size === 0 ? "<none>" : [...found].sort().join(",");
}

function address(node: any, type: string): string {
  return (node.status?.addresses ?? []).find((a: any) => a.type === type)?.address ?? "<none>";
}

export const nodeTable: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column("Status", "string", { description: "The status of the node" }),
    column("Roles", "string", { description: "The roles of the node" }),
    AGE_COLUMN,
    column("Version", "string", { description: "Kubelet Version reported by the node." }),
    column("Internal-IP", "string", { priority: 1, description: "List of addresses reachable to the node. Queried from cloud provider, if available." }),
    column("External-IP", "string", { priority: 1, description: "List of addresses reachable to the node. Queried from cloud provider, if available." }),
    column("OS-Image", "string", { priority: 1, description: "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))." }),
    column("Kernel-Version", "string", { priority: 1, description: "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)." }),
    column("Container-Runtime", "string", { priority: 1, description: "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2)." }),
  ],
  cells(node, nowMs) {
    const info = node.status?.nodeInfo ?? {};
    return [
      node.metadata.name,
      nodeStatus(node),
      roles(node),
      formatAge(node.metadata.creationTimestamp, nowMs),
      info.kubeletVersion ?? "",
      address(node, "InternalIP"),
      address(node, "ExternalIP"),
      info.osImage || "<unknown>",
      info.kernelVersion || "<unknown>",
      info.containerRuntimeVersion || "<unknown>",
    ];
  },
};
