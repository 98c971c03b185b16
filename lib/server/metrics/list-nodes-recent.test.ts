import type { V1Node } from "@kubernetes/client-node";
import { beforeEach, describe, expect, it } from "vitest";
import { forgetRecentNodes, listNodesRecent } from "./list-nodes-recent";

const node = (name: string): V1Node => ({ metadata: { name } });

describe("listNodesRecent", () => {
  beforeEach(() => forgetRecentNodes());

  it("asks the API server once for callers within 10 s, and again after", async () => {
    let calls = 0;
    const list = async () => [node(`n${++calls}`)];
    const [a, b] = await Promise.all([listNodesRecent(0, list), listNodesRecent(5_000, list)]);
    expect(a).toEqual([node("n1")]);
    expect(b).toBe(a);
    expect(calls).toBe(1);
    expect(await listNodesRecent(10_000, list)).toEqual([node("n2")]);
    expect(calls).toBe(2);
  });

  it("does not remember a failed list", async () => {
    await expect(listNodesRecent(0, async () => Promise.reject(new Error("connection refused")))).rejects.toThrow("connection refused");
    expect(await listNodesRecent(1, async () => [node("n1")])).toEqual([node("n1")]);
  });
});
