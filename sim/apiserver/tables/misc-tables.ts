// Leases, ControllerRevisions, Ingresses, HorizontalPodAutoscalers, PriorityClasses and the default table.
import { formatAge } from "../format-age";
import { AGE_COLUMN, NAME_COLUMN, column, type TablePrinter } from "./table-printer";

export const leaseTable: TablePrinter = {
  columns: [NAME_COLUMN, column("Holder", "string", { description: "The holder of this lease" }), AGE_COLUMN],
  cells(l, nowMs) {
    return [l.metadata.name, l.spec?.holderIdentity ?? "", formatAge(l.metadata.creationTimestamp, nowMs)];
  },
};

export const controllerRevisionTable: TablePrinter = {
  columns: [NAME_COLUMN, column("Controller", "string"), column("Revision", "integer"), AGE_COLUMN],
  cells(cr, nowMs) {
    const ref = (cr.metadata.ownerReferences ?? []).find((r) => r.controller);
    let controller = "<none>";
    if (ref) {
      const group = ref.apiVersion.includes("/") ? ref.apiVersion.split("/")[0] : "";
      controller = `${(group ? `${ref.kind}.${group}` : ref.kind).toLowerCase()}/${ref.name}`;
    }
    return [cr.metadata.name, controller, cr.revision ?? 0, formatAge(cr.metadata.creationTimestamp, nowMs)];
  },
};

export const ingressTable: TablePrinter = {
  columns: [NAME_COLUMN, column("Class", "string"), column("Hosts", "string"), column("Address", "string"), column("Ports", "string"), AGE_COLUMN],
  cells(ing, nowMs) {
    const hosts = (ing.spec?.rules ?? []).map((r: any) => r.host).filter(Boolean);
    const addresses = (ing.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip || i.hostname).filter(Boolean);
    return [
      ing.metadata.name,
      ing.spec?.ingressClassName ?? "<none>",
      hosts.length > 0 ? hosts.join(",") : "*",
      addresses.join(","),
      (ing.spec?.tls ?? []).length > 0 ? "80, 443" : "80",
      formatAge(ing.metadata.creationTimestamp, nowMs),
    ];
  },
};

export const horizontalPodAutoscalerTable: TablePrinter = {
  columns: [NAME_COLUMN, column("Reference", "string"), column("Targets", "string"), column("MinPods", "string"), column("MaxPods", "integer"), column("Replicas", "integer"), AGE_COLUMN],
  cells(h, nowMs) {
    const ref = h.spec?.scaleTargetRef ?? {};
    return [
      h.metadata.name,
      `${ref.kind ?? ""}/${ref.name ?? ""}`,
      (h.spec?.metrics ?? []).length === 0 ? "<none>" : "<unknown>",
      String(h.spec?.minReplicas ?? 1),
      h.spec?.maxReplicas ?? 0,
      h.status?.currentReplicas ?? 0,
      formatAge(h.metadata.creationTimestamp, nowMs),
    ];
  },
};

export const priorityClassTable: TablePrinter = {
  columns: [NAME_COLUMN, column("Value", "integer"), column("Global-Default", "boolean"), AGE_COLUMN, column("PreemptionPolicy", "string", { priority: 1 })],
  cells(pc, nowMs) {
    return [pc.metadata.name, pc.value ?? 0, Boolean(pc.globalDefault), formatAge(pc.metadata.creationTimestamp, nowMs), pc.preemptionPolicy ?? "PreemptLowerPriority"];
  },
};

export const defaultTable: TablePrinter = {
  columns: [NAME_COLUMN, AGE_COLUMN],
  cells(o, nowMs) {
    return [o.metadata.name, formatAge(o.metadata.creationTimestamp, nowMs)];
  },
};
