import { formatAge } from "../format-age";
import { AGE_COLUMN, NAME_COLUMN, column, type TablePrinter } from "./table-printer";

/** formatEndpoints: the first three ip:port pairs, then "+ N more...". */
export function formatEndpoints(subsets: any[] | undefined): string {
  if (!subsets || subsets.length === 0) return "<none>";
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses: any[] = ss.addresses ?? [];
    const ports: any[] = ss.ports ?? [];
    if (ports.length === 0) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
    } else {
      for (const p of ports) {
        count += addresses.length;
        for (const a of addresses) {
          if (list.length === max) {
            more = true;
            break;
          }
          list.push(String(a.ip).includes(":") ? `[${a.ip}]:${p.port}` : `${a.ip}:${p.port}`);
        }
      }
    }
  }
  const text = list.join(",");
  return more ? `${text} + ${count - max} more...` : text;
}

export const endpointsTable: TablePrinter = {
  columns: [NAME_COLUMN, column("Endpoints", "string", { description: "Endpoints of the service" }), AGE_COLUMN],
  cells(ep, nowMs) {
    return [ep.metadata.name, formatEndpoints(ep.subsets), formatAge(ep.metadata.creationTimestamp, nowMs)];
  },
};
