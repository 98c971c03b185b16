import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { DATABASE_ENGINES } from "@/scripts/test-support/postgres-test-database";
import { useMigratedDatabase } from "@/scripts/test-support/use-migrated-database";
import type { DatabaseHandle } from "./database";
import { numberArrayLiteral, textArrayLiteral } from "./array-literal";

const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows);

describe.each(DATABASE_ENGINES)("array literals on %s", (_label, prepare) => {
  let handle: DatabaseHandle;
  useMigratedDatabase(prepare, (opened) => (handle = opened));

  it("reads back every text exactly, quotes, backslashes, commas, braces and NULL-looking words included", async () => {
    const texts = ["plain", 'a "quoted" word', "back\\slash", "a,b", "{braces}", "NULL", "", " spaced ", "中文"];
    const result = await handle.db.execute(sql`select t from unnest(${textArrayLiteral(texts)}::text[]) with ordinality as u(t, i) order by i`);
    expect(rowsOf<{ t: string }>(result).map((row) => row.t)).toEqual(texts);
  });

  it("reads back nulls among texts, and texts cast to other types", async () => {
    const result = await handle.db.execute(
      sql`select t, b, at from unnest(${textArrayLiteral(["x", null])}::text[], ${textArrayLiteral(["true", "false"])}::boolean[], ${textArrayLiteral([null, "2026-12-04T10:00:00.000Z"])}::timestamptz[]) with ordinality as u(t, b, at, i) order by i`,
    );
    const rows = rowsOf<{ t: string | null; b: boolean; at: Date | string | null }>(result);
    expect(rows.map((row) => row.t)).toEqual(["x", null]);
    expect(rows.map((row) => row.b)).toEqual([true, false]);
    expect(rows[0].at).toBeNull();
    expect(new Date(rows[1].at!).toISOString()).toBe("2026-12-04T10:00:00.000Z");
  });

  it("reads back numbers and nulls, exponents included", async () => {
    const numbers = [0, -1.5, 2e-7, 123456789.25, null, 1e21];
    const result = await handle.db.execute(sql`select n from unnest(${numberArrayLiteral(numbers)}::float8[]) with ordinality as u(n, i) order by i`);
    expect(rowsOf<{ n: number | string | null }>(result).map((row) => (row.n === null ? null : Number(row.n)))).toEqual(numbers);
  });

  it("refuses a number PostgreSQL could not store as written", () => {
    expect(() => numberArrayLiteral([1, NaN])).toThrow(/not a finite number/);
    expect(() => numberArrayLiteral([Infinity])).toThrow(/not a finite number/);
  });
});
