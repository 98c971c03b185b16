import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type DatabaseHandle } from "@/lib/server/db/database";
import { DATABASE_ENGINES } from "@/scripts/test-support/postgres-test-database";
import { useMigratedDatabase } from "@/scripts/test-support/use-migrated-database";
import { createPlanVersion, createPriceCard, listPlans, listPriceCards, priceCardAt, priceCardsBetween, priceChangesBetween, ratesOf } from "./price-book";
import { cutIntoWindows } from "./usage-windows";

const HOUR = 3_600_000;

describe.each(DATABASE_ENGINES)("price book on %s", (_label, prepare) => {
  let handle: DatabaseHandle;
  const now = new Date("2026-12-04T12:00:00Z");
  useMigratedDatabase(prepare, (opened) => (handle = opened));

  it("starts with the seeded launch card in force at any time", async () => {
    const card = await priceCardAt(handle.db, now);
    expect(card).toMatchObject({ version: 1, currency: "USD" });
    expect(ratesOf(card)).toEqual({ cpuMicroMinorPerVcpuHour: 4_000_000n, memoryMicroMinorPerGiBHour: 500_000n });
  });

  it("adds versions from a later time, refuses the past, and never edits an earlier card", async () => {
    const rates = { currency: "USD", cpuMicroMinorPerVcpuHour: 5_000_000n, memoryMicroMinorPerGiBHour: 600_000n, volumeMicroMinorPerGiBMonth: 10_000_000n };
    await expect(createPriceCard(handle.db, { ...rates, effectiveFrom: new Date(now.getTime() - 1) }, "ops@example.com", now)).rejects.toThrow(/past usage/);
    await expect(createPriceCard(handle.db, { ...rates, currency: "EUR", effectiveFrom: now }, "ops@example.com", now)).rejects.toThrow(/USD/);
    const second = await createPriceCard(handle.db, { ...rates, effectiveFrom: new Date(now.getTime() + 2.5 * HOUR) }, "ops@example.com", now);
    const third = await createPriceCard(handle.db, { ...rates, cpuMicroMinorPerVcpuHour: 1n, effectiveFrom: new Date(now.getTime() + 30 * HOUR) }, "ops@example.com", now);
    expect([second.version, third.version]).toEqual([2, 3]);
    await expect(createPriceCard(handle.db, { ...rates, effectiveFrom: second.effectiveFrom }, "ops@example.com", now)).rejects.toThrow(/already takes effect/);
    expect((await listPriceCards(handle.db)).map((card) => card.version)).toEqual([3, 2, 1]);
    expect((await priceCardAt(handle.db, new Date(now.getTime() + 2.5 * HOUR - 1))).version).toBe(1);
    expect((await priceCardAt(handle.db, new Date(now.getTime() + 2.5 * HOUR))).version).toBe(2);
    expect((await priceCardsBetween(handle.db, now, new Date(now.getTime() + 48 * HOUR))).map((card) => card.version)).toEqual([1, 2, 3]);
    const first = (await listPriceCards(handle.db)).find((card) => card.version === 1);
    expect(first?.cpuMicroMinorPerVcpuHour).toBe(4_000_000n);
  });

  it("gives cutIntoWindows the price changes inside a running interval", async () => {
    const changes = await priceChangesBetween(handle.db, now, new Date(now.getTime() + 4 * HOUR));
    expect(changes).toEqual([Math.floor((now.getTime() + 2.5 * HOUR) / 1000)]);
    const windows = cutIntoWindows(
      { tenantId: "t", podUid: "p", container: "c", cpuMillicores: 500, memoryMiB: 256, startSeconds: now.getTime() / 1000, endSeconds: now.getTime() / 1000 + 4 * 3600 },
      changes,
    );
    expect(windows.map((window) => window.windowStartSeconds)).toContain(changes[0]);
  });

  it("adds plan versions and keeps the provisioning quota in step", async () => {
    const plan = await createPlanVersion(
      handle.db,
      { planName: "free", requestsCpuMillicores: 3000, requestsMemoryMiB: 6144, limitsCpuMillicores: 6000, limitsMemoryMiB: 12288, pods: 12, volumes: 6, includedCreditMinor: 700n, currency: "USD" },
      "ops@example.com",
    );
    expect(plan).toMatchObject({ planName: "free", version: 2, includedCreditMinor: 700n });
    const quota = await handle.db.execute(sql`select requests_cpu_millicores, pods from plans where name = 'free'`);
    expect((quota as unknown as { rows: unknown[] }).rows).toEqual([{ requests_cpu_millicores: 3000, pods: 12 }]);
    const plans = await listPlans(handle.db);
    expect(plans.map((p) => `${p.planName}@${p.version}`)).toEqual(["free@2", "standard@1"]);
    await expect(
      createPlanVersion(handle.db, { planName: "tiny", requestsCpuMillicores: 1000, requestsMemoryMiB: 512, limitsCpuMillicores: 500, limitsMemoryMiB: 512, pods: 1, volumes: 0, includedCreditMinor: 0n, currency: "USD" }, null),
    ).rejects.toThrow(/limits are at least/);
  });
});
