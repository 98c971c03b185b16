import { formatAge, humanDuration } from "../format-age";
import { AGE_COLUMN, NAME_COLUMN, column, containersAndImages, formatLabelSelector, type TablePrinter } from "./table-printer";

function jobStatus(job: any): string {
  const conditions: any[] = job.status?.conditions ?? [];
  const has = (type: string) => conditions.some((c) => c.type === type && c.status === "True");
  if (has("Complete")) return "Complete";
  if (has("Failed")) return "Failed";
  if (job.metadata.deletionTimestamp) return "Terminating";
  if (has("SuccessCriteriaMet")) return "SuccessCriteriaMet";
  if (has("FailureTarget")) return "FailureTarget";
  if (job.spec?.suspend || has("Suspended")) return "Suspended";
  return "Running";
}

export const jobTable: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column("Status", "string"),
    column("Completions", "string"),
    column("Duration", "string"),
    AGE_COLUMN,
    column("Containers", "string", { priority: 1 }),
    column("Images", "string", { priority: 1 }),
    column("Selector", "string", { priority: 1 }),
  ],
  cells(job, nowMs) {
    const [containers, images] = containersAndImages(job.spec?.template?.spec);
    const completions = job.spec?.completions != null ? `${job.status?.succeeded ?? 0}/${job.spec.completions}` : `${job.status?.succeeded ?? 0}/1 of ${job.spec?.parallelism ?? 1}`;
    const start = job.status?.startTime ? Date.parse(job.status.startTime) : undefined;
    const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : nowMs;
    const duration = start === undefined ? "" : humanDuration(end - start);
    return [job.metadata.name, jobStatus(job), completions, duration, formatAge(job.metadata.creationTimestamp, nowMs), containers, images, formatLabelSelector(job.spec?.selector)];
  },
};
