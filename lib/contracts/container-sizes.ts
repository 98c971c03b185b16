import { z } from "zod";

// Container sizes a tenant picks from when deploying. Each is one container's CPU and memory request; limits
// equal requests (Guaranteed QoS), so what a tenant pays for (requested resources, DESIGN.md § Billing) is what
// the container can use. Prices per size come from the billing price book once it exists.

export const CONTAINER_SIZES = [
  { id: "xs", cpuMillicores: 250, memoryMiB: 512 },
  { id: "s", cpuMillicores: 500, memoryMiB: 1024 },
  { id: "m", cpuMillicores: 1000, memoryMiB: 2048 },
  { id: "l", cpuMillicores: 2000, memoryMiB: 4096 },
  { id: "xl", cpuMillicores: 4000, memoryMiB: 8192 },
] as const;

export type ContainerSize = (typeof CONTAINER_SIZES)[number];
export const ContainerSizeId = z.enum(CONTAINER_SIZES.map((size) => size.id) as [ContainerSize["id"], ...ContainerSize["id"][]]);
export type ContainerSizeId = z.infer<typeof ContainerSizeId>;

/** The size of this id; ids come from ContainerSizeId, so it always exists. */
export function containerSize(id: ContainerSizeId): ContainerSize {
  return CONTAINER_SIZES.find((size) => size.id === id)!;
}

/** The size whose request matches exactly, or null (a workload edited with kubectl may match none). */
export function findContainerSize(cpuMillicores: number, memoryMiB: number): ContainerSize | null {
  return CONTAINER_SIZES.find((size) => size.cpuMillicores === cpuMillicores && size.memoryMiB === memoryMiB) ?? null;
}
