import "server-only";
import fs from "node:fs";
import * as k8s from "@kubernetes/client-node";
import { getEnv } from "@/lib/server/env";

let cached: { path: string; mtimeMs: number; config: k8s.KubeConfig } | undefined;
let pathOverride: string | undefined;

/** Tests point Apiary at their own (fake or simulated) cluster's kubeconfig; `undefined` restores the configured one. */
export function setKubeconfigPathForTests(path: string | undefined): void {
  pathOverride = path;
  cached = undefined;
}

/**
 * The kubeconfig Apiary acts with (KUBECONFIG, else the simulated cluster's). Re-read when the file changes,
 * because the embedded cluster writes it when it starts, possibly after the console.
 */
export function getKubeConfig(): k8s.KubeConfig {
  const path = pathOverride ?? getEnv().kubeconfigPath;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path);
  } catch {
    throw new Error(`no kubeconfig at ${path}`);
  }
  if (!cached || cached.path !== path || cached.mtimeMs !== stat.mtimeMs) {
    const config = new k8s.KubeConfig();
    config.loadFromFile(path);
    cached = { path, mtimeMs: stat.mtimeMs, config };
  }
  return cached.config;
}

/** The API server's address, for reports; never includes credentials. */
export function describeCluster(): string {
  try {
    return getKubeConfig().getCurrentCluster()?.server ?? getEnv().kubeconfigPath;
  } catch {
    return getEnv().kubeconfigPath;
  }
}

/** GET /version: the cheapest authenticated-or-not call every Kubernetes answers. */
export async function getClusterVersion(): Promise<string> {
  const version = await getKubeConfig().makeApiClient(k8s.VersionApi).getCode();
  return version.gitVersion;
}
