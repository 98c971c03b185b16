import { healthzOperation } from "@/lib/contracts/health";
import { route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

// GET /api/v1/healthz — the process is up; says nothing about dependencies (that is readyz).
export const GET = route(healthzOperation, async () => ({ status: "ok" as const, uptimeSeconds: Math.floor(process.uptime()) }));
