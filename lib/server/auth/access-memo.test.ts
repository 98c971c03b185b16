import { describe, expect, it } from "vitest";
import { accessMemo, forgetAccess } from "./access-memo";

describe("access memo", () => {
  it("answers a remembered lookup without loading again, and never remembers a miss", async () => {
    const memo = accessMemo<string>();
    let loads = 0;
    const load = async () => {
      loads++;
      return "owner";
    };
    expect(await memo.remember("t/u", load)).toBe("owner");
    expect(await memo.remember("t/u", load)).toBe("owner");
    expect(loads).toBe(1);
    expect(await memo.remember("t/nobody", async () => null)).toBeNull();
    expect(await memo.remember("t/nobody", async () => "viewer")).toBe("viewer"); // joined since: seen at once
  });

  it("forgets everything when access changes, and drops a lookup that raced the change", async () => {
    const memo = accessMemo<string>();
    await memo.remember("key", async () => "admin");
    forgetAccess();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // This lookup read the old state, then the change committed: what it read must not be kept.
    const racing = memo.remember("key", async () => {
      await gate;
      return "admin (before the change)";
    });
    forgetAccess();
    release();
    expect(await racing).toBe("admin (before the change)");
    expect(await memo.remember("key", async () => "developer")).toBe("developer");
  });
});
