import { formatAge } from "../format-age";
import { AGE_COLUMN, NAME_COLUMN, column, containersAndImages, formatLabelMap, formatLabelSelector, type TablePrinter } from "./table-printer";

export const daemonSetTable: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column("Desired", "integer"),
    column("Current", "integer"),
    column("Ready", "integer"),
    column("Up-to-date", "integer"),
    column("Available", "integer"),
    column("Node Selector", "string"),
    AGE_COLUMN,
    column("Containers", "string", { priority: 1 }),
    column("Images", "string", { priority: 1 }),
    column("Selector", "string", { priority: 1 }),
  ],
  cells(ds, nowMs) {
    const [containers, images] = containersAndImages(ds.spec?.template?.spec);
    const s = ds.status ?? {};
    return [
      ds.metadata.name,
      s.desiredNumberScheduled ?? 0,
      s.currentNumberScheduled ?? 0,
      s.numberReady ?? 0,
      s.updatedNumberScheduled ?? 0,
      s.numberAvailable ?? 0,
      formatLabelMap(ds.spec?.template?.spec?.nodeSelector),
      formatAge(ds.metadata.creationTimestamp, nowMs),
      containers,
      images,
      formatLabelSelector(ds.spec?.selector),
    ];
  },
};
