// A line diff for comparing two pod templates side by side (the roll back dialog). Templates are a few dozen
// lines, so the plain O(n·m) longest-common-subsequence table is small and exact; no dependency needed.

export type DiffOp = { kind: "same" | "removed" | "added"; text: string };

export type DiffLine = { number: number; text: string };

/** One row of a side-by-side view: a line kept on both sides, removed on the left, added on the right, or changed. */
export type SideBySideRow = {
  kind: "same" | "removed" | "added" | "changed";
  left: DiffLine | null;
  right: DiffLine | null;
};

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r?\n/);
  // A trailing newline ends the last line; it does not start an empty one.
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** The edit script turning `before` into `after`, line by line, keeping the longest common subsequence. */
export function diffLines(before: string, after: string): DiffOp[] {
  const a = splitLines(before);
  const b = splitLines(after);
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: length of the LCS of a[i..] and b[j..].
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: DiffOp[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ kind: "same", text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      ops.push({ kind: "removed", text: a[i++]! });
    } else {
      ops.push({ kind: "added", text: b[j++]! });
    }
  }
  while (i < n) ops.push({ kind: "removed", text: a[i++]! });
  while (j < m) ops.push({ kind: "added", text: b[j++]! });
  return ops;
}

/**
 * Rows for two columns with line numbers. A run of removed lines followed by added ones is paired up row by
 * row as "changed", so `image: web:v2` sits next to `image: web:v1` instead of two rows apart.
 */
export function sideBySide(before: string, after: string): SideBySideRow[] {
  const ops = diffLines(before, after);
  const rows: SideBySideRow[] = [];
  let left = 1;
  let right = 1;
  let k = 0;
  while (k < ops.length) {
    const op = ops[k]!;
    if (op.kind === "same") {
      rows.push({ kind: "same", left: { number: left++, text: op.text }, right: { number: right++, text: op.text } });
      k++;
      continue;
    }
    const removed: string[] = [];
    const added: string[] = [];
    while (k < ops.length && ops[k]!.kind === "removed") removed.push(ops[k++]!.text);
    while (k < ops.length && ops[k]!.kind === "added") added.push(ops[k++]!.text);
    const count = Math.max(removed.length, added.length);
    for (let r = 0; r < count; r++) {
      const l = r < removed.length ? { number: left++, text: removed[r]! } : null;
      const rt = r < added.length ? { number: right++, text: added[r]! } : null;
      rows.push({ kind: l && rt ? "changed" : l ? "removed" : "added", left: l, right: rt });
    }
  }
  return rows;
}

/** How many lines differ, for a one-line summary above the diff. */
export function countChanges(rows: SideBySideRow[]): number {
  return rows.filter((row) => row.kind !== "same").length;
}
