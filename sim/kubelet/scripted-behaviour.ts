// Images and pods can script how their simulated containers behave, so demos and tests can show slow
// readiness, crash loops or heavy load without running anything. Keys come from the image config labels
// (baked in at build time) or the container's env (env wins, so one image can be reused with different
// behaviour). Env names may also be written in the shell-friendly form APIARY_SIM_READY_AFTER, because
// older API servers reject env names containing "." or "/".

export interface ScriptedBehaviour {
  /** Seconds after start until the readiness probe passes (0 when unset). */
  readyAfterSeconds: number;
  /** The readiness probe never passes. */
  failReadiness: boolean;
  /** The liveness probe always fails, so the kubelet keeps restarting the container. */
  failLiveness: boolean;
  /** Seconds after start until the container exits with `exitCode`; undefined → runs forever. */
  crashAfterSeconds?: number;
  exitCode: number;
  /** The load model's mean CPU level; undefined → a default fraction of the request. */
  cpuMillicores?: number;
  /** The load model's mean memory level; undefined → a default fraction of the request. */
  memoryMiB?: number;
  /** How long an exec/httpGet preStop hook takes (a sleep hook takes its own seconds). */
  preStopSeconds?: number;
  /** How long the process takes to exit after SIGTERM. */
  shutdownSeconds: number;
}

export const SCRIPT_KEYS = {
  readyAfter: "apiary.sim/ready-after",
  failReadiness: "apiary.sim/fail-readiness",
  failLiveness: "apiary.sim/fail-liveness",
  crashAfter: "apiary.sim/crash-after",
  exitCode: "apiary.sim/exit-code",
  cpuMillicores: "apiary.sim/cpu-millicores",
  memoryMiB: "apiary.sim/memory-mib",
  preStopSeconds: "apiary.sim/prestop-seconds",
  shutdownSeconds: "apiary.sim/shutdown-seconds",
} as const;

type EnvInput = Record<string, string> | { name: string; value?: string }[] | undefined;

function envToRecord(env: EnvInput): Record<string, string> {
  if (!env) return {};
  if (!Array.isArray(env)) return env;
  const out: Record<string, string> = {};
  // valueFrom entries cannot be resolved by a simulated kubelet without reading ConfigMaps; only literal values count.
  for (const entry of env) if (entry && typeof entry.value === "string") out[entry.name] = entry.value;
  return out;
}

const SHELL_NAMES: Record<string, string> = Object.fromEntries(Object.values(SCRIPT_KEYS).map((key) => [key, key.replace(/[./-]/g, "_").toUpperCase()]));

function lookup(key: string, labels: Record<string, string>, env: Record<string, string>): string | undefined {
  return env[key] ?? env[SHELL_NAMES[key]] ?? labels[key];
}

function seconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim().replace(/s$/, "");
  const value = Number(trimmed);
  return trimmed !== "" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function flag(text: string | undefined): boolean {
  return text !== undefined && /^(true|1|yes)$/i.test(text.trim());
}

/** Reads the scripted behaviour of one container from its image's config labels and its env. */
export function readScriptedBehaviour(labels: Record<string, string> | undefined | null, env?: EnvInput): ScriptedBehaviour {
  const l = labels ?? {};
  const e = envToRecord(env);
  const get = (key: string) => lookup(key, l, e);
  const exit = Number(get(SCRIPT_KEYS.exitCode));
  return {
    readyAfterSeconds: seconds(get(SCRIPT_KEYS.readyAfter)) ?? 0,
    failReadiness: flag(get(SCRIPT_KEYS.failReadiness)),
    failLiveness: flag(get(SCRIPT_KEYS.failLiveness)),
    crashAfterSeconds: seconds(get(SCRIPT_KEYS.crashAfter)),
    exitCode: Number.isInteger(exit) && get(SCRIPT_KEYS.exitCode)?.trim() !== "" ? exit : 1,
    cpuMillicores: seconds(get(SCRIPT_KEYS.cpuMillicores)),
    memoryMiB: seconds(get(SCRIPT_KEYS.memoryMiB)),
    preStopSeconds: seconds(get(SCRIPT_KEYS.preStopSeconds)),
    shutdownSeconds: seconds(get(SCRIPT_KEYS.shutdownSeconds)) ?? 0,
  };
}
