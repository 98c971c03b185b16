import { formatAge } from "../format-age";
import { AGE_COLUMN, NAME_COLUMN, column, containersAndImages, formatLabelSelector, type TablePrinter } from "./table-printer";

export const replicaSetTable: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column("Desired", "integer", { description: "Replicas is the number of desired replicas." }),
    column("Current", "integer", { description: "Replicas is the most recently observed number of replicas." }),
    column("Ready", "integer", { description: "readyReplicas is the number of pods targeted by this ReplicaSet with a Ready Condition." }),
    AGE_COLUMN,
    column("Containers", "string", { priority: 1, description: "Names of each container in the template." }),
    column("Images", "string", { priority: 1, description: "Images referenced by each container in the template." }),
    column("Selector", "string", { priority: 1, description: "Selector is a label query over pods that should match the replica count." }),
  ],
  cells(rs, nowMs) {
    const [containers, images] = containersAndImages(rs.spec?.template?.spec);
    return [
      rs.metadata.name,
      rs.spec?.replicas ?? 0,
      rs.status?.replicas ?? 0,
      rs.status?.readyReplicas ?? 0,
      formatAge(rs.metadata.creationTimestamp, nowMs),
      containers,
      images,
      formatLabelSelector(rs.spec?.selector),
    ];
  },
};
