import { formatAge } from "../format-age";
import { AGE_COLUMN, NAME_COLUMN, column, containersAndImages, type TablePrinter } from "./table-printer";

export const statefulSetTable: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column("Ready", "string", { description: "Number of the pod with ready state" }),
    AGE_COLUMN,
    column("Containers", "string", { priority: 1, description: "Names of each container in the template." }),
    column("Images", "string", { priority: 1, description: "Images referenced by each container in the template." }),
  ],
  cells(s, nowMs) {
    const [containers, images] = containersAndImages(s.spec?.template?.spec);
    return [s.metadata.name, `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 0}`, formatAge(s.metadata.creationTimestamp, nowMs), containers, images];
  },
};
