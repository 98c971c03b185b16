import { describe, expect, it } from "vitest";
import { parseTokenFile } from "./token-file";

describe("parseTokenFile", () => {
  it("reads kube-apiserver token files with quoted group lists", () => {
    const tokens = parseTokenFile('# comment\nabc123,alice,u-1,"devs,ops"\n\ndef456,bob,u-2\n');
    expect(tokens).toEqual([
      { token: "abc123", user: "alice", uid: "u-1", groups: ["devs", "ops"] },
      { token: "def456", user: "bob", uid: "u-2", groups: [] },
    ]);
  });

  it("rejects a line without a user", () => {
    expect(() => parseTokenFile("onlytoken\n")).toThrow(/line 1/);
  });
});
