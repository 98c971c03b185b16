import "server-only";

// A PostgreSQL array literal, passed as one text parameter and cast in the query (`${arrayLiteral(keys)}::text[]`):
// node-postgres and PGlite take it alike, and a query that writes or matches thousands of values stays one
// parameter per column rather than one per value (which the protocol caps at 65,535 and drizzle builds slowly).

/** `{"a","b\"c",NULL}`: every element quoted, backslashes and quotes escaped, null as NULL. Cast it to any type whose
 *  text form the elements are (`::timestamptz[]` for ISO times, `::boolean[]` for "true"/"false"). */
export function textArrayLiteral(values: readonly (string | null)[]): string {
  return `{${values.map((value) => (value === null ? "NULL" : `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`)).join(",")}}`;
}

/** `{1.5,NULL,2e-7}`: finite numbers as JavaScript writes them (PostgreSQL reads that notation), null as NULL. */
export function numberArrayLiteral(values: readonly (number | null)[]): string {
  return `{${values
    .map((value) => {
      if (value === null) return "NULL";
      if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
      return String(value);
    })
    .join(",")}}`;
}
