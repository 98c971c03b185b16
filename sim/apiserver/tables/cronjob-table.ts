import { formatAge } from "../format-age";
import { AGE_COLUMN, NAME_COLUMN, column, containersAndImages, formatLabelSelector, type TablePrinter } from "./table-printer";

export const cronJobTable: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column("Schedule", "string"),
    column("Timezone", "string"),
    column("Suspend", "boolean"),
    column("Active", "integer"),
    column("Last Schedule", "string"),
    AGE_COLUMN,
    column("Containers", "string", { priority: 1 }),
    column("Images", "string", { priority: 1 }),
    column("Selector", "string", { priority: 1 }),
  ],
  cells(cj, nowMs) {
    const [containers, images] = containersAndImages(cj.spec?.jobTemplate?.spec?.template?.spec);
    const last = cj.status?.lastScheduleTime ? formatAge(cj.status.lastScheduleTime, nowMs) : "<none>";
    return [
      cj.metadata.name,
      cj.spec?.schedule ?? "",
      cj.spec?.timeZone ?? "<none>",
      String(Boolean(cj.spec?.suspend)),
      (cj.status?.active ?? []).length,
      last,
      formatAge(cj.metadata.creationTimestamp, nowMs),
      containers,
      images,
      formatLabelSelector(cj.spec?.jobTemplate?.spec?.selector) || "<none>",
    ];
  },
};
