// Fault injection for tests and demos: flaky or slow API requests, stopped nodes, hung cAdvisor endpoints,
// dropped watches and forced compaction. Faults on requests apply to /api and /apis only, so the debug
// endpoints stay usable while the cluster "misbehaves".
import { StatusError, type KubeletHub, type ServedClusterApi } from "../core/types";

export interface Faults {
  failRequests: { fraction: number; status: number };
  slowRequests: { fraction: number; delayMs: number };
  stoppedNodes: string[];
  hungCadvisor: string[];
}

export type FaultAction =
  | { action: "stop-node" | "start-node"; node: string }
  | { action: "drop-watches" }
  | { action: "compact" }
  | { action: "fail-requests"; fraction: number; status?: number }
  | { action: "slow-requests"; fraction: number; delayMs: number }
  | { action: "hang-cadvisor"; node: string; hang: boolean };

function fraction(value: unknown): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new StatusError(400, "BadRequest", `fraction must be a number between 0 and 1, got ${JSON.stringify(value)}`);
  return n;
}

export class FaultState {
  readonly faults: Faults = { failRequests: { fraction: 0, status: 500 }, slowRequests: { fraction: 0, delayMs: 0 }, stoppedNodes: [], hungCadvisor: [] };

  constructor(private readonly api: ServedClusterApi, private readonly hub: KubeletHub, private readonly random: () => number = Math.random) {}

  apply(body: FaultAction): Faults {
    const f = this.faults;
    switch (body?.action) {
      case "stop-node":
      case "start-node": {
        if (!body.node) throw new StatusError(400, "BadRequest", "node is required");
        const running = body.action === "start-node";
        this.hub.setNodeRunning(body.node, running);
        f.stoppedNodes = f.stoppedNodes.filter((n) => n !== body.node);
        if (!running) f.stoppedNodes.push(body.node);
        break;
      }
      case "drop-watches":
        this.api.dropAllWatches();
        break;
      case "compact":
        this.api.compact();
        break;
      case "fail-requests":
        f.failRequests = { fraction: fraction(body.fraction), status: Number(body.status ?? 500) };
        break;
      case "slow-requests":
        f.slowRequests = { fraction: fraction(body.fraction), delayMs: Math.max(0, Number(body.delayMs ?? 0)) };
        break;
      case "hang-cadvisor": {
        if (!body.node) throw new StatusError(400, "BadRequest", "node is required");
        this.hub.setCadvisorHang(body.node, Boolean(body.hang));
        f.hungCadvisor = f.hungCadvisor.filter((n) => n !== body.node);
        if (body.hang) f.hungCadvisor.push(body.node);
        break;
      }
      default:
        throw new StatusError(400, "BadRequest", `unknown fault action ${JSON.stringify((body as { action?: unknown })?.action)}`);
    }
    return f;
  }

  /** The status code to fail this request with, if the fail-requests fault picks it. */
  failureFor(): number | undefined {
    const { fraction: p, status } = this.faults.failRequests;
    return p > 0 && this.random() < p ? status : undefined;
  }

  delayFor(): number {
    const { fraction: p, delayMs } = this.faults.slowRequests;
    return p > 0 && this.random() < p ? delayMs : 0;
  }
}
