import { formatAge } from "../format-age";
import { AGE_COLUMN, NAME_COLUMN, column, containersAndImages, formatLabelSelector, type TablePrinter } from "./table-printer";

export const deploymentTable: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column("Ready", "string", { description: "Number of the pod with ready state" }),
    column("Up-to-date", "integer", { description: "Total number of non-terminated pods targeted by this deployment that have the desired template spec." }),
    column("Available", "integer", { description: "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment." }),
    AGE_COLUMN,
    column("Containers", "string", { priority: 1, description: "Names of each container in the template." }),
    column("Images", "string", { priority: 1, description: "Images referenced by each container in the template." }),
    column("Selector", "string", { priority: 1, description: "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment." }),
  ],
  cells(d, nowMs) {
    const [containers, images] = containersAndImages(d.spec?.template?.spec);
    return [
      d.metadata.name,
      `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
      d.status?.updatedReplicas ?? 0,
      d.status?.availableReplicas ?? 0,
      formatAge(d.metadata.creationTimestamp, nowMs),
      containers,
      images,
      formatLabelSelector(d.spec?.selector),
    ];
  },
};
