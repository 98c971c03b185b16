import { describe, expect, it } from "vitest";

import { countChanges, diffLines, sideBySide } from "@/lib/client/line-diff";

const v1 = ["containers:", "- name: web", "  image: acme/web:v1", "  ports:", "  - containerPort: 8080", ""].join("\n");
const v2 = ["containers:", "- name: web", "  image: acme/web:v2", "  ports:", "  - containerPort: 8080", "  env:", "  - name: MODE", ""].join("\n");

describe("diffLines", () => {
  it("keeps every common line and marks only what changed", () => {
    const ops = diffLines(v1, v2);
    expect(ops.filter((op) => op.kind === "same").map((op) => op.text)).toEqual(["containers:", "- name: web", "  ports:", "  - containerPort: 8080"]);
    expect(ops.filter((op) => op.kind === "removed").map((op) => op.text)).toEqual(["  image: acme/web:v1"]);
    expect(ops.filter((op) => op.kind === "added").map((op) => op.text)).toEqual(["  image: acme/web:v2", "  env:", "  - name: MODE"]);
  });

  it("reports identical texts as all the same lines, and an empty side as all added or removed", () => {
    expect(diffLines(v1, v1).every((op) => op.kind === "same")).toBe(true);
    expect(diffLines("", "a\nb").map((op) => op.kind)).toEqual(["added", "added"]);
    expect(diffLines("a\nb\n", "").map((op) => op.kind)).toEqual(["removed", "removed"]);
  });
});

describe("sideBySide", () => {
  it("pairs a replaced line with its replacement on the same row, with both line numbers", () => {
    const rows = sideBySide(v1, v2);
    const changed = rows.find((row) => row.kind === "changed");
    expect(changed).toEqual({ kind: "changed", left: { number: 3, text: "  image: acme/web:v1" }, right: { number: 3, text: "  image: acme/web:v2" } });
    const added = rows.filter((row) => row.kind === "added");
    expect(added.map((row) => row.right?.number)).toEqual([6, 7]);
    expect(added.every((row) => row.left === null)).toBe(true);
    expect(countChanges(rows)).toBe(3);
  });

  it("numbers the left column by the old text and the right by the new one", () => {
    const rows = sideBySide("a\nx\nb", "a\nb\ny");
    expect(rows.map((row) => [row.kind, row.left?.number ?? null, row.right?.number ?? null])).toEqual([
      ["same", 1, 1],
      ["removed", 2, null],
      ["same", 3, 2],
      ["added", null, 3],
    ]);
  });
});
