// Which printer each kind uses, mirroring the handlers kube-apiserver registers in
// pkg/printers/internalversion.AddHandlers.
import type { KObject } from "../../core/types";
import { configMapTable, secretTable, serviceAccountTable } from "./config-tables";
import { cronJobTable } from "./cronjob-table";
import { daemonSetTable } from "./daemonset-table";
import { deploymentTable } from "./deployment-table";
import { endpointSliceTable } from "./endpointslice-table";
import { endpointsTable } from "./endpoints-table";
import { eventTable } from "./event-table";
import { jobTable } from "./job-table";
import { controllerRevisionTable, defaultTable, horizontalPodAutoscalerTable, ingressTable, leaseTable, priorityClassTable } from "./misc-tables";
import { namespaceTable } from "./namespace-table";
import { nodeTable } from "./node-table";
import { podTable } from "./pod-table";
import { createdAtTable, networkPolicyTable, podDisruptionBudgetTable, resourceQuotaTable } from "./policy-tables";
import { rbacBindingTable } from "./rbac-binding-table";
import { replicaSetTable } from "./replicaset-table";
import { serviceTable } from "./service-table";
import { statefulSetTable } from "./statefulset-table";
import { persistentVolumeClaimTable, persistentVolumeTable, storageClassTable } from "./storage-tables";
import type { TablePrinter } from "./table-printer";

const PRINTERS: Record<string, TablePrinter> = {
  Pod: podTable,
  Deployment: deploymentTable,
  ReplicaSet: replicaSetTable,
  StatefulSet: statefulSetTable,
  DaemonSet: daemonSetTable,
  Job: jobTable,
  CronJob: cronJobTable,
  Service: serviceTable,
  Endpoints: endpointsTable,
  EndpointSlice: endpointSliceTable,
  Node: nodeTable,
  Namespace: namespaceTable,
  Event: eventTable,
  ConfigMap: configMapTable,
  Secret: secretTable,
  ServiceAccount: serviceAccountTable,
  ResourceQuota: resourceQuotaTable,
  LimitRange: createdAtTable,
  Role: createdAtTable,
  ClusterRole: createdAtTable,
  RoleBinding: rbacBindingTable,
  ClusterRoleBinding: rbacBindingTable,
  NetworkPolicy: networkPolicyTable,
  PodDisruptionBudget: podDisruptionBudgetTable,
  PersistentVolumeClaim: persistentVolumeClaimTable,
  PersistentVolume: persistentVolumeTable,
  StorageClass: storageClassTable,
  Lease: leaseTable,
  ControllerRevision: controllerRevisionTable,
  Ingress: ingressTable,
  HorizontalPodAutoscaler: horizontalPodAutoscalerTable,
  PriorityClass: priorityClassTable,
};

export function tablePrinterFor(kind: string): TablePrinter {
  return PRINTERS[kind] ?? defaultTable;
}

export type IncludeObject = "None" | "Metadata" | "Object";

/** One Table row: the cells plus the object as PartialObjectMetadata (or whole, with includeObject=Object). */
export function tableRow(printer: TablePrinter, obj: KObject, nowMs: number, includeObject: IncludeObject): { cells: unknown[]; object?: KObject } {
  const row: { cells: unknown[]; object?: KObject } = { cells: printer.cells(obj, nowMs) };
  if (includeObject === "Object") row.object = obj;
  else if (includeObject === "Metadata") row.object = { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: obj.metadata };
  return row;
}

export function toTable(
  kind: string,
  objects: KObject[],
  opts: { nowMs: number; includeObject: IncludeObject; resourceVersion?: string; continue?: string; remainingItemCount?: number },
): KObject {
  const printer = tablePrinterFor(kind);
  const metadata: Record<string, unknown> = {};
  if (opts.resourceVersion) metadata.resourceVersion = opts.resourceVersion;
  if (opts.continue) metadata.continue = opts.continue;
  if (opts.remainingItemCount !== undefined) metadata.remainingItemCount = opts.remainingItemCount;
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata,
    columnDefinitions: printer.columns,
    rows: objects.map((o) => tableRow(printer, o, opts.nowMs, opts.includeObject)),
  };
}
