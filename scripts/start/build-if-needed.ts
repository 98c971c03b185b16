import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { childEnv } from "./supervised-process";

const SOURCES = ["app", "components", "lib", "public", "proxy.ts", "instrumentation.ts", "next.config.ts", "package-lock.json", "tsconfig.json", "postcss.config.mjs"];

function newestMtime(entry: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

export const STANDALONE_SERVER = ".next/standalone/server.js";

/** Builds the production server when it is missing or older than any source file. */
export function buildIfNeeded(root: string): void {
  const server = path.join(root, STANDALONE_SERVER);
  const builtAt = fs.existsSync(server) ? fs.statSync(server).mtimeMs : 0;
  const changedAt = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
  if (builtAt > changedAt) return;
  console.log(builtAt ? "Sources changed since the last build; building…" : "No production build yet; building (takes a minute or two)…");
  const result = spawnSync("npm", ["run", "--silent", "build"], { cwd: root, stdio: "inherit", env: childEnv({ NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" }) });
  if (result.status !== 0) throw new Error("the build failed; see the output above");
}
