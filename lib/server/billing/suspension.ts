import "server-only";
import type * as k8s from "@kubernetes/client-node";
import { eq } from "drizzle-orm";
import { recordAudit } from "@/lib/server/audit/audit-log";
import type { Database } from "@/lib/server/db/database";
import { billingNotifications, tenantBillingStates, tenants } from "@/lib/server/db/schema";
import { ApiError } from "@/lib/server/http/api-error";
import { apiaryClients, type ClusterClients } from "@/lib/server/kubernetes/cluster-clients";
import { toApiError } from "@/lib/server/kubernetes/to-api-error";
import { nextBillingState, type BillingRulesConfig, type BillingStateName } from "./balance-rules";
import { getBalance } from "./ledger";

// Billing suspension (DESIGN.md § Billing): the automatic state the balance rules move a tenant through, and what
// a move does in the cluster. No person acts here, so the cluster writes use Apiary's own credentials. Suspending
// scales every Deployment and StatefulSet of the tenant's namespace to zero and remembers each one's replicas in
// an annotation on the object itself, so the cluster (not a database row that could drift from it) says what to
// bring back; a top-up restores exactly those replicas and removes the annotation.

export const SUSPENDED_REPLICAS_ANNOTATION = "apiary.io/suspended-replicas";
const ANNOTATION_PATH = `/metadata/annotations/${SUSPENDED_REPLICAS_ANNOTATION.replace("~", "~0").replace("/", "~1")}`;

export interface BillingTenant {
  id: string;
  slug: string;
  namespace: string;
}

export interface TenantBillingState {
  state: BillingStateName;
  warnedAt: Date | null;
  suspendedAt: Date | null;
  lowSince: Date | null;
}

/** The tenant's billing state; a tenant never evaluated reads "ok". */
export async function getBillingState(db: Database, tenantId: string): Promise<TenantBillingState> {
  const [row] = await db.select().from(tenantBillingStates).where(eq(tenantBillingStates.tenantId, tenantId));
  if (!row) return { state: "ok", warnedAt: null, suspendedAt: null, lowSince: null };
  return { state: row.state as BillingStateName, warnedAt: row.warnedAt, suspendedAt: row.suspendedAt, lowSince: row.lowSince };
}

/** "USD 12.05" from minor units (two decimals, as for every currency the price book carries today). */
export function formatMinor(amountMinor: bigint, currency: string): string {
  const negative = amountMinor < 0n;
  const abs = negative ? -amountMinor : amountMinor;
  return `${negative ? "-" : ""}${currency} ${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}

/**
 * Refuses a new workload or more replicas while the tenant is billing-suspended, naming the balance. Scaling
 * down and deleting stay allowed.
 */
export async function assertBillingAllowsGrowth(db: Database, tenant: { id: string; slug: string }, doing: string): Promise<void> {
  const billing = await getBillingState(db, tenant.id);
  if (billing.state !== "suspended") return;
  const balance = await getBalance(db, tenant.id);
  throw new ApiError(
    "forbidden",
    `${doing}: tenant ${tenant.slug} is suspended for an unpaid balance of ${formatMinor(balance.balanceMinor, balance.currency)} (floor ${formatMinor(balance.floorMinor, balance.currency)}). Top up or redeem a voucher; the workloads come back on their own.`,
    { reason: "billing_suspended", balanceMinor: balance.balanceMinor.toString(), floorMinor: balance.floorMinor.toString(), currency: balance.currency },
  );
}

/** What suspension does in the cluster; the real one uses Apiary's own clients. */
export interface SuspensionCluster {
  /** Scales every workload with replicas to zero, remembering them; returns what it scaled. */
  scaleToZero(namespace: string): Promise<{ kind: string; name: string; replicas: number }[]>;
  /** Restores every workload that carries the annotation; returns what it restored. */
  restore(namespace: string): Promise<{ kind: string; name: string; replicas: number }[]>;
}

type Workload = { kind: "Deployment"; object: k8s.V1Deployment } | { kind: "StatefulSet"; object: k8s.V1StatefulSet };

async function listWorkloads(clients: ClusterClients, namespace: string): Promise<Workload[]> {
  const [deployments, statefulSets] = await Promise.all([
    clients.apps.listNamespacedDeployment({ namespace }),
    clients.apps.listNamespacedStatefulSet({ namespace }),
  ]).catch((error: unknown) => {
    throw toApiError(error, `Listing the workloads of ${namespace}`);
  });
  return [
    ...deployments.items.map((object) => ({ kind: "Deployment" as const, object })),
    ...statefulSets.items.map((object) => ({ kind: "StatefulSet" as const, object })),
  ];
}

async function patch(clients: ClusterClients, workload: Workload, namespace: string, body: object[]): Promise<void> {
  const name = workload.object.metadata!.name!;
  await (workload.kind === "Deployment"
    ? clients.apps.patchNamespacedDeployment({ name, namespace, body })
    : clients.apps.patchNamespacedStatefulSet({ name, namespace, body })
  ).catch((error: unknown) => {
    throw toApiError(error, `Scaling ${name} for billing`);
  });
}

export function clusterSuspension(clients: () => ClusterClients = apiaryClients): SuspensionCluster {
  return {
    async scaleToZero(namespace) {
      const done: { kind: string; name: string; replicas: number }[] = [];
      for (const workload of await listWorkloads(clients(), namespace)) {
        const replicas = workload.object.spec?.replicas ?? 1;
        const annotations = workload.object.metadata?.annotations;
        // Already suspended (a repeated tick, or a crash between two workloads): its remembered replicas stay.
        if (annotations?.[SUSPENDED_REPLICAS_ANNOTATION] !== undefined || replicas === 0) continue;
        const remember = annotations
          ? { op: "add", path: ANNOTATION_PATH, value: String(replicas) }
          : { op: "add", path: "/metadata/annotations", value: { [SUSPENDED_REPLICAS_ANNOTATION]: String(replicas) } };
        await patch(clients(), workload, namespace, [remember, { op: "add", path: "/spec/replicas", value: 0 }]);
        done.push({ kind: workload.kind, name: workload.object.metadata!.name!, replicas });
      }
      return done;
    },
    async restore(namespace) {
      const done: { kind: string; name: string; replicas: number }[] = [];
      for (const workload of await listWorkloads(clients(), namespace)) {
        const remembered = workload.object.metadata?.annotations?.[SUSPENDED_REPLICAS_ANNOTATION];
        if (remembered === undefined) continue;
        const replicas = /^\d{1,6}$/.test(remembered) ? Number(remembered) : 1;
        await patch(clients(), workload, namespace, [
          { op: "add", path: "/spec/replicas", value: replicas },
          { op: "remove", path: ANNOTATION_PATH },
        ]);
        done.push({ kind: workload.kind, name: workload.object.metadata!.name!, replicas });
      }
      return done;
    },
  };
}

const NOTICE: Record<"low" | "warn" | "suspend" | "restore" | "recover", { kind: string; text: (balance: string, graceSeconds: number) => string }> = {
  low: { kind: "low", text: (balance) => `The balance is low (${balance}). Top up to keep your workloads running.` },
  warn: { kind: "warned", text: (balance, grace) => `The balance is used up (${balance}). Workloads will be scaled to zero in ${grace} seconds unless you top up.` },
  suspend: { kind: "suspended", text: (balance) => `Workloads were scaled to zero because the balance is used up (${balance}). Top up to bring them back.` },
  restore: { kind: "restored", text: (balance) => `The balance is ${balance} again: workloads were scaled back up.` },
  recover: { kind: "restored", text: (balance) => `The balance is ${balance} again: nothing will be suspended.` },
};

/**
 * Applies the balance rules to one tenant now: records the state, notifies, audits, and scales in the cluster.
 * The cluster is changed before the state is recorded, so a failure leaves the old state and the next tick
 * tries again (both cluster steps skip what is already done).
 */
export async function applyBalanceRules(
  db: Database,
  tenant: BillingTenant,
  config: BillingRulesConfig,
  cluster: SuspensionCluster,
  now = new Date(),
): Promise<{ state: BillingStateName; action: string }> {
  const current = await getBillingState(db, tenant.id);
  const balance = await getBalance(db, tenant.id);
  const next = nextBillingState({ state: current.state, warnedAt: current.warnedAt, balanceMinor: balance.balanceMinor, floorMinor: balance.floorMinor }, config, now);
  if (next.action === "none" && next.state === current.state) return next;
  let workloads: { kind: string; name: string; replicas: number }[] = [];
  if (next.action === "suspend") workloads = await cluster.scaleToZero(tenant.namespace);
  if (next.action === "restore") workloads = await cluster.restore(tenant.namespace);
  const values = {
    state: next.state,
    warnedAt: next.state === "warned" ? (current.state === "warned" ? current.warnedAt : now) : next.state === "suspended" ? current.warnedAt : null,
    suspendedAt: next.state === "suspended" ? (current.suspendedAt ?? now) : null,
    lowSince: next.state === "low" ? (current.lowSince ?? now) : null,
    updatedAt: now,
  };
  await db.transaction(async (tx) => {
    await tx.insert(tenantBillingStates).values({ tenantId: tenant.id, ...values }).onConflictDoUpdate({ target: tenantBillingStates.tenantId, set: values });
    if (next.action !== "none") {
      const notice = NOTICE[next.action];
      const shown = formatMinor(balance.balanceMinor, balance.currency);
      await tx.insert(billingNotifications).values({ tenantId: tenant.id, kind: notice.kind, message: notice.text(shown, config.graceSeconds), balanceMinor: balance.balanceMinor, createdAt: now });
      await recordAudit(
        {
          actor: { kind: "system", label: "billing-meter" },
          tenant: { id: tenant.id, slug: tenant.slug },
          action: `billing.${notice.kind}`,
          target: tenant.namespace,
          result: "success",
          details: { from: current.state, to: next.state, balanceMinor: balance.balanceMinor.toString(), floorMinor: balance.floorMinor.toString(), workloads },
        },
        tx as unknown as Database,
      );
    }
  });
  return next;
}

/** The tenants the balance rules look at: provisioned ones (an operator-suspended tenant is still billed and rated). */
export async function listBillableTenants(db: Database): Promise<BillingTenant[]> {
  const rows = await db.select({ id: tenants.id, slug: tenants.slug, namespace: tenants.namespace, status: tenants.status }).from(tenants);
  return rows.filter((row) => row.status === "active" || row.status === "suspended").map(({ id, slug, namespace }) => ({ id, slug, namespace }));
}
