import { beforeEach, describe, expect, it } from "vitest";
import { forgetRecentNodes, listNodesFresh, listNodesRecent, type ListedNode } from "./list-nodes-recent";

const node = (name: string): ListedNode => ({ metadata: { name } });

describe("listNodesRecent", () => {
  beforeEach(() => forgetRecentNodes());

  it("asks the API server once for callers within 10 s, and again after", async () => {
    let calls = 0;
    const list = async () => [node(`n${++calls}`)];
    const [a, b] = await Promise.all([listNodesRecent(0, list), listNodesRecent(5_000, list)]);
    expect(a).toEqual([node("n1")]);
    expect(b).toBe(a);
    expect(calls).toBe(1);
    // At 10 s the next list is asked for (the caller still gets the ready one, see below).
    expect(await listNodesRecent(10_000, list)).toEqual([node("n1")]);
    expect(calls).toBe(2);
    expect(await listNodesRecent(10_001, list)).toEqual([node("n2")]);
    expect(calls).toBe(2);
  });

  it("answers a list up to a minute old at once while the next one is fetched, and the fresh one after", async () => {
    let calls = 0;
    let release: () => void = () => {};
    const list = async () => {
      const n = ++calls;
      if (n > 1) await new Promise<void>((resolve) => (release = resolve));
      return [node(`n${n}`)];
    };
    expect(await listNodesRecent(0, list)).toEqual([node("n1")]);
    // 15 s later: the old list now, one new list started in the background for every caller.
    expect(await listNodesRecent(15_000, list)).toEqual([node("n1")]);
    expect(await listNodesRecent(16_000, list)).toEqual([node("n1")]);
    expect(calls).toBe(2);
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await listNodesRecent(17_000, list)).toEqual([node("n2")]);
    // Past a minute the old list is not answered: the caller waits for a new one.
    expect(await listNodesRecent(100_000, async () => [node("n3")])).toEqual([node("n3")]);
  });

  it("gives the collector only a list at most 10 s old, shared with the screens", async () => {
    let calls = 0;
    const list = async () => [node(`n${++calls}`)];
    expect(await listNodesRecent(0, list)).toEqual([node("n1")]);
    expect(await listNodesFresh(5_000, list)).toEqual([node("n1")]);
    expect(await listNodesFresh(15_000, list)).toEqual([node("n2")]);
    expect(await listNodesRecent(16_000, list)).toEqual([node("n2")]);
    expect(calls).toBe(2);
  });

  it("does not remember a failed list", async () => {
    await expect(listNodesRecent(0, async () => Promise.reject(new Error("connection refused")))).rejects.toThrow("connection refused");
    expect(await listNodesRecent(1, async () => [node("n1")])).toEqual([node("n1")]);
  });
});
