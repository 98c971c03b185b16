// PersistentVolumeClaim, PersistentVolume and StorageClass tables.
import { formatAge } from "../format-age";
import { AGE_COLUMN, NAME_COLUMN, column, type TablePrinter } from "./table-printer";

const MODE_ABBREVIATIONS: Record<string, string> = { ReadWriteOnce: "RWO", ReadOnlyMany: "ROX", ReadWriteMany: "RWX", ReadWriteOncePod: "RWOP" };

function accessModes(modes: string[] | undefined): string {
  const order = ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"];
  return order.filter((m) => (modes ?? []).includes(m)).map((m) => MODE_ABBREVIATIONS[m]).join(",");
}

function storageClassOf(o: any): string {
  return o.spec?.storageClassName ?? o.metadata.annotations?.["volume.beta.kubernetes.io/storage-class"] ?? "";
}

export const persistentVolumeClaimTable: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column("Status", "string"),
    column("Volume", "string"),
    column("Capacity", "string"),
    column("Access Modes", "string"),
    column("StorageClass", "string"),
    column("VolumeAttributesClass", "string"),
    AGE_COLUMN,
    column("VolumeMode", "string", { priority: 1 }),
  ],
  cells(pvc, nowMs) {
    const bound = Boolean(pvc.spec?.volumeName);
    return [
      pvc.metadata.name,
      pvc.metadata.deletionTimestamp ? "Terminating" : (pvc.status?.phase ?? ""),
      pvc.spec?.volumeName ?? "",
      bound ? (pvc.status?.capacity?.storage ?? "") : "",
      bound ? accessModes(pvc.status?.accessModes) : "",
      storageClassOf(pvc),
      pvc.spec?.volumeAttributesClassName ?? "<unset>",
      formatAge(pvc.metadata.creationTimestamp, nowMs),
      pvc.spec?.volumeMode ?? "<unset>",
    ];
  },
};

export const persistentVolumeTable: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column("Capacity", "string"),
    column("Access Modes", "string"),
    column("Reclaim Policy", "string"),
    column("Status", "string"),
    column("Claim", "string"),
    column("StorageClass", "string"),
    column("VolumeAttributesClass", "string"),
    column("Reason", "string"),
    AGE_COLUMN,
    column("VolumeMode", "string", { priority: 1 }),
  ],
  cells(pv, nowMs) {
    const claim = pv.spec?.claimRef ? `${pv.spec.claimRef.namespace}/${pv.spec.claimRef.name}` : "";
    return [
      pv.metadata.name,
      pv.spec?.capacity?.storage ?? "",
      accessModes(pv.spec?.accessModes),
      pv.spec?.persistentVolumeReclaimPolicy ?? "",
      pv.metadata.deletionTimestamp ? "Terminating" : (pv.status?.phase ?? ""),
      claim,
      storageClassOf(pv),
      pv.spec?.volumeAttributesClassName ?? "<unset>",
      pv.status?.reason ?? "",
      formatAge(pv.metadata.creationTimestamp, nowMs),
      pv.spec?.volumeMode ?? "<unset>",
    ];
  },
};

export const storageClassTable: TablePrinter = {
  columns: [NAME_COLUMN, column("Provisioner", "string"), column("ReclaimPolicy", "string"), column("VolumeBindingMode", "string"), column("AllowVolumeExpansion", "string"), AGE_COLUMN],
  cells(sc, nowMs) {
    const isDefault = sc.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true";
    return [
      isDefault ? `${sc.metadata.name} (default)` : sc.metadata.name,
      sc.provisioner ?? "",
      sc.reclaimPolicy ?? "Delete",
      sc.volumeBindingMode ?? "Immediate",
      String(Boolean(sc.allowVolumeExpansion)),
      formatAge(sc.metadata.creationTimestamp, nowMs),
    ];
  },
};
