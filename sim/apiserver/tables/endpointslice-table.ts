import { formatAge } from "../format-age";
import { AGE_COLUMN, NAME_COLUMN, column, type TablePrinter } from "./table-printer";

export const endpointSliceTable: TablePrinter = {
  columns: [NAME_COLUMN, column("AddressType", "string"), column("Ports", "string"), column("Endpoints", "string"), AGE_COLUMN],
  cells(es, nowMs) {
    const ports: any[] = es.ports ?? [];
    const addresses: string[] = (es.endpoints ?? []).flatMap((e: any) => e.addresses ?? []);
    const shown = addresses.slice(0, 3).join(",");
    const endpoints = addresses.length === 0 ? "<unset>" : addresses.length > 3 ? `${shown} + ${addresses.length - 3} more...` : shown;
    return [
      es.metadata.name,
      es.addressType ?? "",
      ports.length === 0 ? "<unset>" : ports.map((p) => p.port ?? "<unset>").join(","),
      endpoints,
      formatAge(es.metadata.creationTimestamp, nowMs),
    ];
  },
};
