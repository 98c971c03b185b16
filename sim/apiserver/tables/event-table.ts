import { formatAge } from "../format-age";
import { column, type TablePrinter } from "./table-printer";

function source(e: any): string {
  const component = e.source?.component || e.reportingComponent || e.reportingController || "";
  const host = e.source?.host || e.reportingInstance || "";
  return host ? `${component}, ${host}` : component;
}

/** core/v1 Events; events.k8s.io/v1 objects use deprecated* and regarding/note, mapped to the same cells. */
export const eventTable: TablePrinter = {
  columns: [
    column("Last Seen", "string", { description: "The time at which the most recent occurrence of this event was recorded." }),
    column("Type", "string", { description: "Type of this event (Normal, Warning), new types could be added in the future." }),
    column("Reason", "string", { description: "This should be a short, machine understandable string that gives the reason for the transition into the object's current status." }),
    column("Object", "string", { description: "The object that this event is about." }),
    column("Subobject", "string", { priority: 1, description: "The subobject that this event is about." }),
    column("Source", "string", { priority: 1, description: "The component reporting this event. Should be a short machine understandable string." }),
    column("Message", "string", { description: "A human-readable description of the status of this operation." }),
    column("First Seen", "string", { priority: 1, description: "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)" }),
    column("Count", "string", { priority: 1, description: "The number of times this event has occurred." }),
    column("Name", "string", { priority: 1, format: "name", description: "Name must be unique within a namespace." }),
  ],
  cells(e, nowMs) {
    const involved = e.involvedObject ?? e.regarding ?? {};
    const firstTs = e.firstTimestamp ?? e.deprecatedFirstTimestamp;
    const lastTs = e.lastTimestamp ?? e.deprecatedLastTimestamp;
    const first = formatAge(firstTs || e.eventTime, nowMs);
    let last = lastTs ? formatAge(lastTs, nowMs) : first;
    let count = e.count ?? e.deprecatedCount ?? 0;
    if (e.series) {
      last = formatAge(e.series.lastObservedTime, nowMs);
      count = e.series.count;
    } else if (count === 0) count = 1;
    const kind = String(involved.kind ?? "").toLowerCase();
    const target = involved.name ? `${kind}/${involved.name}` : kind;
    return [last, e.type ?? "", e.reason ?? "", target, involved.fieldPath ?? "", source(e), String(e.message ?? e.note ?? "").trim(), first, count, e.metadata.name];
  },
};
