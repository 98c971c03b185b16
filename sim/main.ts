// `npm run sim -- --port 6443 --kubeconfig .data/kubeconfig --nodes 3 --registry http://127.0.0.1:5000 --state .data/sim-state.json`
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseTokenFile } from "./apiserver/token-file";
import { startCluster } from "./cluster";

const dataDir = process.env.APIARY_DATA_DIR || ".data";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "6443" },
    host: { type: "string", default: "127.0.0.1" },
    kubeconfig: { type: "string", default: join(dataDir, "kubeconfig") },
    nodes: { type: "string", default: "3" },
    "node-size": { type: "string", default: "32cpu,128Gi" },
    registry: { type: "string", default: "http://127.0.0.1:5000" },
    state: { type: "string", default: join(dataDir, "sim-state.json") },
    speed: { type: "string", default: "1" },
    "token-file": { type: "string" },
  },
  strict: true,
});

function intFlag(name: string, value: string | undefined, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    console.error(`apiary-sim: --${name} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const speed = Number(values.speed);
  if (!(speed > 0)) {
    console.error(`apiary-sim: --speed must be a positive number, got ${JSON.stringify(values.speed)}`);
    process.exit(2);
  }
  const tokens = values["token-file"] ? parseTokenFile(readFileSync(values["token-file"], "utf8")) : [];
  const cluster = await startCluster({
    port: intFlag("port", values.port, 0),
    host: values.host,
    nodes: intFlag("nodes", values.nodes, 0),
    nodeSize: values["node-size"],
    registryUrl: values.registry,
    statePath: values.state,
    kubeconfigPath: values.kubeconfig,
    speed,
    tokens,
  });
  const nodes = intFlag("nodes", values.nodes, 0);
  console.log(`apiary-sim ready on ${cluster.url} (${nodes} node${nodes === 1 ? "" : "s"}), kubeconfig ${values.kubeconfig}`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`apiary-sim: ${signal}, saving state and stopping`);
    cluster
      .stop()
      .then(() => process.exit(0))
      .catch((err) => {
        console.error("apiary-sim: stop failed:", err);
        process.exit(1);
      });
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((err) => {
  console.error("apiary-sim: failed to start:", err instanceof Error ? err.message : err);
  process.exit(1);
});
