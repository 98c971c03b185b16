// Image hub listing (issue 5): a tenant with 500 repositories of 20 tags each, listed through the real route
// handler (session lookup, tenant authorization, query, contract check) against PGlite, as the console serves it.
// Run with the react-server condition, as the server runs: `NODE_OPTIONS=--conditions=react-server npm run bench -- image-hub`.
import { GET as listCatalogue } from "@/app/api/v1/catalogue/route";
import { GET as listRepositories } from "@/app/api/v1/tenants/[tenant]/repositories/route";
import { POST as signup } from "@/app/api/v1/signup/route";
import { repositories, repositoryStars, repositoryTags } from "@/lib/server/db/schema";
import { findUserByEmail } from "@/lib/server/auth/users";
import { findTenantBySlug } from "@/lib/server/tenancy/tenants";
import { call, startApiHarness } from "@/scripts/test-support/api-test-harness";
import type { BenchResult } from "./run";

const REPOSITORIES = 500;
const TAGS = 20;
const ROUNDS = 100;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export default async function bench(): Promise<BenchResult> {
  const harness = await startApiHarness();
  try {
    const session = (await call(signup, "POST", "/api/v1/signup", { body: { email: "bench@example.com", password: "correct horse battery", name: "B", tenantName: "Bench" } })).sessionToken!;
    const tenant = (await findTenantBySlug("bench"))!;
    const user = (await findUserByEmail("bench@example.com"))!;
    const db = harness.database.db;
    for (let start = 0; start < REPOSITORIES; start += 100) {
      const rows = await db
        .insert(repositories)
        .values(
          Array.from({ length: 100 }, (_, i) => ({
            tenantId: tenant.id,
            name: `repo-${String(start + i).padStart(3, "0")}`,
            pullCount: (start + i) * 7919 % 1000,
            pushCount: TAGS,
            // Every third repository is public, so the catalogue has some to list.
            public: (start + i) % 3 === 0,
            lastPushedAt: new Date(Date.UTC(2026, 10, 1) + ((start + i) * 104_729 % 86_400) * 1000),
          })),
        )
        .returning({ id: repositories.id });
      await db.insert(repositoryTags).values(
        rows.flatMap((row) =>
          Array.from({ length: TAGS }, (_, t) => ({
            repositoryId: row.id,
            tag: `v${t}`,
            digest: `sha256:${row.id.replace(/-/g, "")}${t}`,
            sizeBytes: 1_000_000 + t,
            pushedAt: new Date(),
            pushedBy: "bench@example.com",
            os: "linux",
            architecture: "amd64",
            layers: [{ digest: `sha256:${t}`, mediaType: null, sizeBytes: 1_000_000 + t }],
            detailsReadAt: new Date(),
          })),
        ),
      );
      // The person listing has starred every other repository: `starred` and the star counts cost something.
      await db.insert(repositoryStars).values(rows.filter((_, i) => i % 2 === 0).map((row) => ({ repositoryId: row.id, userId: user.id })));
    }
    const queries = ["?sort=name", "?sort=last_push", "?sort=pulls", "?sort=stars", "?q=repo-4&sort=pulls", "?sort=name&cursor=450"];
    const catalogueQueries = ["?sort=stars", "?sort=pulls", "?q=bench/repo-4", "?sort=name&cursor=150"];
    const durations: number[] = [];
    const catalogueDurations: number[] = [];
    const timed = async (into: number[], request: () => ReturnType<typeof call>) => {
      const started = performance.now();
      const response = await request();
      into.push(performance.now() - started);
      if (response.status !== 200 || response.body.items.length === 0) throw new Error(`listing failed: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
    };
    for (let round = 0; round < ROUNDS; round++) {
      for (const query of queries) {
        await timed(durations, () => call(listRepositories, "GET", `/api/v1/tenants/bench/repositories${query}`, { session, params: { tenant: "bench" } }));
      }
      for (const query of catalogueQueries) await timed(catalogueDurations, () => call(listCatalogue, "GET", `/api/v1/catalogue${query}`, { session }));
    }
    return {
      notes:
        `${REPOSITORIES} repositories × ${TAGS} tags in one tenant (PGlite in memory). ${ROUNDS} rounds of ${queries.length} listings ` +
        `(${queries.join(", ")}; 50 per page, with tag and star counts, the caller's stars and the total), sequential, through the route handler ` +
        `with a session cookie; the caller starred every other repository. The public catalogue (every third repository public) is listed ` +
        `${ROUNDS} × ${catalogueQueries.length} times (${catalogueQueries.join(", ")}) the same way.`,
      parameters: { repositories: REPOSITORIES, tagsPerRepository: TAGS, requests: durations.length, catalogueRequests: catalogueDurations.length },
      figures: [
        { name: "repository list p95", value: percentile(durations, 95), unit: "ms", target: { op: "<=", value: 100 } },
        { name: "repository list p50", value: percentile(durations, 50), unit: "ms" },
        { name: "catalogue p95", value: percentile(catalogueDurations, 95), unit: "ms", target: { op: "<=", value: 100 } },
        { name: "catalogue p50", value: percentile(catalogueDurations, 50), unit: "ms" },
      ],
    };
  } finally {
    await harness.stop();
  }
}
