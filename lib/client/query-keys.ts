// The only place query keys are made. Keys are arrays that start with their domain, so invalidating a prefix
// (`queryKeys.members.all(tenant)`) refreshes every list below it and nothing else.

export const queryKeys = {
  session: {
    /** GET /api/v1/session: who is signed in, their tenants, roles and permissions. */
    whoAmI: () => ["session", "who-am-i"] as const,
    /** GET /api/v1/sessions: the signed-in user's sessions on every device. */
    list: () => ["session", "list"] as const,
  },
  tenants: {
    all: () => ["tenants"] as const,
    detail: (tenant: string) => ["tenants", tenant, "detail"] as const,
  },
  members: {
    all: (tenant: string) => ["tenants", tenant, "members"] as const,
    list: (tenant: string) => ["tenants", tenant, "members", "list"] as const,
    invitations: (tenant: string) => ["tenants", tenant, "members", "invitations"] as const,
  },
  apiKeys: {
    list: (tenant: string) => ["tenants", tenant, "api-keys"] as const,
  },
  audit: {
    all: (tenant: string) => ["tenants", tenant, "audit"] as const,
    page: (tenant: string, cursor: string | null, limit: number) => ["tenants", tenant, "audit", { cursor, limit }] as const,
  },
  images: {
    all: (tenant: string) => ["tenants", tenant, "images"] as const,
    /** One page of the repository list; every parameter of the request is part of the key. */
    list: (tenant: string, query: { q: string; sort: string; cursor: string | null; limit: number }) =>
      ["tenants", tenant, "images", "list", query] as const,
    tags: (tenant: string, repository: string) => ["tenants", tenant, "images", "tags", repository] as const,
    /** GET …/registry-status: whether the registry is reachable (the hub's banner). */
    registryStatus: (tenant: string) => ["tenants", tenant, "images", "registry-status"] as const,
    /** GET /api/v1/catalogue: public repositories of every tenant (not under a tenant: stars change it from anywhere). */
    catalogue: (query?: { q: string; sort: string; cursor: string | null; limit: number }) =>
      (query ? ["catalogue", query] : ["catalogue"]) as readonly unknown[],
  },
  workloads: {
    /** Everything about the tenant's workloads: the change stream's resync invalidates this prefix. */
    all: (tenant: string) => ["tenants", tenant, "workloads"] as const,
    lists: (tenant: string) => ["tenants", tenant, "workloads", "list"] as const,
    list: (tenant: string, query: { q: string; status: string; cursor: string | null; limit: number }) =>
      ["tenants", tenant, "workloads", "list", query] as const,
    /** One workload and what hangs off it (pods, events, revisions): a notice about it invalidates this prefix. */
    one: (tenant: string, name: string) => ["tenants", tenant, "workloads", "one", name] as const,
    detail: (tenant: string, name: string) => ["tenants", tenant, "workloads", "one", name, "detail"] as const,
    pods: (tenant: string, name: string) => ["tenants", tenant, "workloads", "one", name, "pods"] as const,
    events: (tenant: string, name: string) => ["tenants", tenant, "workloads", "one", name, "events"] as const,
    revisions: (tenant: string, name: string) => ["tenants", tenant, "workloads", "one", name, "revisions"] as const,
  },
  metrics: {
    all: (tenant: string) => ["tenants", tenant, "metrics"] as const,
    /** One target over one range: a new range is a new query, so switching range fetches it (and keeps the old one cached). */
    target: (tenant: string, target: string, range: string) => ["tenants", tenant, "metrics", target, range] as const,
  },
  billing: {
    /** Everything about the tenant's money: a redeemed voucher invalidates this prefix. */
    all: (tenant: string) => ["tenants", tenant, "billing"] as const,
    balance: (tenant: string) => ["tenants", tenant, "billing", "balance"] as const,
    usage: (tenant: string, range: string) => ["tenants", tenant, "billing", "usage", range] as const,
    transactions: (tenant: string, cursor: string | null, limit: number) => ["tenants", tenant, "billing", "transactions", { cursor, limit }] as const,
    invoices: (tenant: string) => ["tenants", tenant, "billing", "invoices"] as const,
    invoice: (tenant: string, id: string) => ["tenants", tenant, "billing", "invoices", id] as const,
    prices: (tenant: string) => ["tenants", tenant, "billing", "prices"] as const,
  },
  invitations: {
    preview: (token: string) => ["invitations", token] as const,
  },
  ops: {
    tenants: () => ["ops", "tenants"] as const,
    cluster: (range: string) => ["ops", "metrics", "cluster", range] as const,
    node: (node: string, range: string) => ["ops", "metrics", "node", node, range] as const,
    tenantUsage: (range: string, sort: string) => ["ops", "metrics", "tenants", range, sort] as const,
    troubledPods: () => ["ops", "pods", "troubled"] as const,
    warningEvents: () => ["ops", "events", "warnings"] as const,
    rollouts: () => ["ops", "rollouts"] as const,
  },
  opsBilling: {
    all: () => ["ops", "billing"] as const,
    priceCards: () => ["ops", "billing", "price-cards"] as const,
    plans: () => ["ops", "billing", "plans"] as const,
    vouchersAll: () => ["ops", "billing", "vouchers"] as const,
    vouchers: (cursor: string | null, limit: number) => ["ops", "billing", "vouchers", { cursor, limit }] as const,
    tenantsAll: () => ["ops", "billing", "tenants"] as const,
    tenants: (cursor: string | null, limit: number) => ["ops", "billing", "tenants", { cursor, limit }] as const,
    revenueAll: () => ["ops", "billing", "revenue"] as const,
    revenue: (from: string, to: string) => ["ops", "billing", "revenue", { from, to }] as const,
  },
};
