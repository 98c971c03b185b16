// The deterministic load model behind every simulated container's CPU and memory usage. CPU follows a
// smooth curve (a slow ten-minute wave plus a faster 47-second ripple, phases seeded by the container)
// around a mean level, so graphs look alive but the integral is exact: cAdvisor counters are computed
// with `cpuSecondsBetween`, and a scraper's rate over whole periods equals the scripted level.
// Amplitudes shrink as the level nears the limit, so usage never exceeds limits and never goes negative.

import { cpuToMillicores, memoryToBytes } from "../core/quantity";
import { hashString, seededRandom } from "./seeded-random";
import type { ScriptedBehaviour } from "./scripted-behaviour";

/** Treat as immutable: derived curve parameters are cached per key object. */
export interface LoadKey {
  /** Stable identity of the container, "<pod uid>/<container name>": seeds the curve's phases. */
  id: string;
  /** Mean CPU level. */
  cpuMillicores: number;
  /** Mean memory level (working set). */
  memoryBytes: number;
  cpuLimitMillicores?: number;
  memoryLimitBytes?: number;
}

export interface LoadSample {
  cpuMillicores: number;
  memoryBytes: number;
}

const SLOW_PERIOD_MS = 600_000;
const FAST_PERIOD_MS = 47_000;
const MEMORY_PERIOD_MS = 900_000;
const SLOW_AMPLITUDE = 0.15;
const FAST_AMPLITUDE = 0.05;
const MEMORY_AMPLITUDE = 0.05;

/** Without scripted levels a container idles at this fraction of its requests. */
const DEFAULT_CPU_FRACTION = 0.3;
const DEFAULT_MEMORY_FRACTION = 0.6;
const DEFAULT_CPU_MILLICORES = 20;
const DEFAULT_MEMORY_BYTES = 48 * 1024 * 1024;

interface Shape {
  cpuLevel: number; // millicores, already capped at the limit
  cpuScale: number; // 0..1 multiplier of the amplitudes
  slowPhase: number;
  fastPhase: number;
  memoryLevel: number;
  memoryScale: number;
  memoryPhase: number;
}

// Shapes are cached per key object (the kubelet keeps one per container instance), so a scrape of a node
// with 60 containers does no string building or hashing for the curve parameters.
const shapes = new WeakMap<LoadKey, Shape>();

function shapeOf(key: LoadKey): Shape {
  let shape = shapes.get(key);
  if (shape) return shape;
  const random = seededRandom(hashString(key.id));
  const cpuLimit = key.cpuLimitMillicores && key.cpuLimitMillicores > 0 ? key.cpuLimitMillicores : Infinity;
  const memoryLimit = key.memoryLimitBytes && key.memoryLimitBytes > 0 ? key.memoryLimitBytes : Infinity;
  const cpuLevel = Math.max(0, Math.min(key.cpuMillicores, cpuLimit));
  const memoryLevel = Math.max(0, Math.min(key.memoryBytes, memoryLimit));
  const cpuHeadroom = cpuLevel > 0 ? (cpuLimit / cpuLevel - 1) / (SLOW_AMPLITUDE + FAST_AMPLITUDE) : 0;
  const memoryHeadroom = memoryLevel > 0 ? (memoryLimit / memoryLevel - 1) / MEMORY_AMPLITUDE : 0;
  shape = {
    cpuLevel,
    cpuScale: Math.max(0, Math.min(1, cpuHeadroom)),
    slowPhase: random() * 2 * Math.PI,
    fastPhase: random() * 2 * Math.PI,
    memoryLevel,
    memoryScale: Math.max(0, Math.min(1, memoryHeadroom)),
    memoryPhase: random() * 2 * Math.PI,
  };
  shapes.set(key, shape);
  return shape;
}

const SLOW_OMEGA = (2 * Math.PI) / SLOW_PERIOD_MS;
const FAST_OMEGA = (2 * Math.PI) / FAST_PERIOD_MS;
const MEMORY_OMEGA = (2 * Math.PI) / MEMORY_PERIOD_MS;

/** Instantaneous usage of the container at simulated epoch millisecond `tMs`. */
export function loadAt(key: LoadKey, tMs: number): LoadSample {
  const s = shapeOf(key);
  const cpu =
    s.cpuLevel *
    (1 + s.cpuScale * (SLOW_AMPLITUDE * Math.sin(SLOW_OMEGA * tMs + s.slowPhase) + FAST_AMPLITUDE * Math.sin(FAST_OMEGA * tMs + s.fastPhase)));
  const memory = s.memoryLevel * (1 + s.memoryScale * MEMORY_AMPLITUDE * Math.sin(MEMORY_OMEGA * tMs + s.memoryPhase));
  return { cpuMillicores: cpu, memoryBytes: Math.round(memory) };
}

/** Exact CPU time (core-seconds) the container consumed between two instants: the integral of `loadAt`. */
export function cpuSecondsBetween(key: LoadKey, t0Ms: number, t1Ms: number): number {
  if (t1Ms <= t0Ms) return 0;
  const s = shapeOf(key);
  const base = t1Ms - t0Ms;
  const slow = ((SLOW_AMPLITUDE * s.cpuScale) / SLOW_OMEGA) * (Math.cos(SLOW_OMEGA * t0Ms + s.slowPhase) - Math.cos(SLOW_OMEGA * t1Ms + s.slowPhase));
  const fast = ((FAST_AMPLITUDE * s.cpuScale) / FAST_OMEGA) * (Math.cos(FAST_OMEGA * t0Ms + s.fastPhase) - Math.cos(FAST_OMEGA * t1Ms + s.fastPhase));
  // millicores × ms = 1e-6 core-seconds
  return (s.cpuLevel * (base + slow + fast)) / 1e6;
}

interface ContainerResourcesSpec {
  requests?: Record<string, string | number>;
  limits?: Record<string, string | number>;
}

/** A container's resources in the units the kubelet computes with. Requests default to limits, as the API
 *  server defaults them. */
export interface ParsedResources {
  cpuRequestMillicores?: number;
  cpuLimitMillicores?: number;
  memoryRequestBytes?: number;
  memoryLimitBytes?: number;
}

function quantity(value: string | number | undefined, parse: (q: string | number) => number): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parse(value);
  } catch {
    return undefined;
  }
}

export function parseContainerResources(resources: ContainerResourcesSpec | undefined): ParsedResources {
  const cpuLimitMillicores = quantity(resources?.limits?.cpu, cpuToMillicores);
  const memoryLimitBytes = quantity(resources?.limits?.memory, memoryToBytes);
  return {
    cpuRequestMillicores: quantity(resources?.requests?.cpu, cpuToMillicores) ?? cpuLimitMillicores,
    cpuLimitMillicores,
    memoryRequestBytes: quantity(resources?.requests?.memory, memoryToBytes) ?? memoryLimitBytes,
    memoryLimitBytes,
  };
}

type LevelBehaviour = Pick<ScriptedBehaviour, "cpuMillicores" | "memoryMiB">;

/** The load key of a container from its parsed resources and scripted behaviour. */
export function loadKeyFor(id: string, r: ParsedResources, behaviour: LevelBehaviour): LoadKey {
  return {
    id,
    cpuMillicores: behaviour.cpuMillicores ?? (r.cpuRequestMillicores !== undefined ? r.cpuRequestMillicores * DEFAULT_CPU_FRACTION : DEFAULT_CPU_MILLICORES),
    memoryBytes:
      behaviour.memoryMiB !== undefined
        ? behaviour.memoryMiB * 1024 * 1024
        : r.memoryRequestBytes !== undefined
          ? Math.round(r.memoryRequestBytes * DEFAULT_MEMORY_FRACTION)
          : DEFAULT_MEMORY_BYTES,
    cpuLimitMillicores: r.cpuLimitMillicores,
    memoryLimitBytes: r.memoryLimitBytes,
  };
}

/** The load key of a container from its spec resources and scripted behaviour (what the kubelet uses). */
export function containerLoadKey(id: string, resources: ContainerResourcesSpec | undefined, behaviour: LevelBehaviour): LoadKey {
  return loadKeyFor(id, parseContainerResources(resources), behaviour);
}
