import { formatAge } from "../format-age";
import { AGE_COLUMN, NAME_COLUMN, column, formatLabelMap, type TablePrinter } from "./table-printer";

function externalIp(svc: any): string {
  const external: string[] = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type ?? "ClusterIP") {
    case "LoadBalancer": {
      const ingress: any[] = svc.status?.loadBalancer?.ingress ?? [];
      const ips = [...ingress.map((i) => i.ip || i.hostname).filter(Boolean), ...external];
      return ips.length > 0 ? ips.join(",") : "<pending>";
    }
    case "ExternalName":
      return svc.spec?.externalName ?? "<none>";
    default:
      return external.length > 0 ? external.join(",") : "<none>";
  }
}

function ports(svc: any): string {
  const list: any[] = svc.spec?.ports ?? [];
  if (list.length === 0) return "<none>";
  return list.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? "TCP"}` : `${p.port}/${p.protocol ?? "TCP"}`)).join(",");
}

export const serviceTable: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column("Type", "string", { description: "type determines how the Service is exposed." }),
    column("Cluster-IP", "string", { description: "clusterIP is the IP address of the service and is usually assigned randomly." }),
    column("External-IP", "string", { description: "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service." }),
    column("Port(s)", "string", { description: "The list of ports that are exposed by this service." }),
    AGE_COLUMN,
    column("Selector", "string", { priority: 1, description: "Route service traffic to pods with label keys and values matching this selector." }),
  ],
  cells(svc, nowMs) {
    return [
      svc.metadata.name,
      svc.spec?.type ?? "ClusterIP",
      svc.spec?.clusterIP || "<none>",
      externalIp(svc),
      ports(svc),
      formatAge(svc.metadata.creationTimestamp, nowMs),
      formatLabelMap(svc.spec?.selector),
    ];
  },
};
