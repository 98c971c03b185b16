import "server-only";
import { emitClusterEvent, onClusterEvent } from "@/lib/server/redis/cluster-events";

// Every API request resolves who is calling (an API key or a session) and the tenant it names, before it does any
// work; with the embedded database those lookups were most of a cheap request's cost. They are remembered here for
// a few seconds. Only what was found is remembered (a key, a tenant or a role that exists), so something new works
// at once; a change that takes access away (revoking a key, removing or demoting a member, suspending or deleting a
// tenant) calls forgetAccess() after it commits, so this process applies it at once, and the other replicas as soon as Redis tells them (REDIS_URL; at the latest
// within ACCESS_TTL_MS when it cannot).
// A generation counter keeps a lookup that raced such a change from storing what it read before the change.

export const ACCESS_TTL_MS = 5_000;
const MAX_ENTRIES = 20_000;
let generation = 0;

export class AccessMemo<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Looks `key` up with `load` unless remembered; remembers non-null answers unless access changed meanwhile. */
  async remember(key: string, load: () => Promise<V | null>): Promise<V | null> {
    const known = this.get(key);
    if (known !== undefined) return known;
    const startedAt = generation;
    const value = await load();
    if (value !== null && startedAt === generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { value, until: Date.now() + ACCESS_TTL_MS });
    }
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}

const memos = new Set<AccessMemo<unknown>>();

export function accessMemo<V>(): AccessMemo<V> {
  const memo = new AccessMemo<V>();
  memos.add(memo as AccessMemo<unknown>);
  return memo;
}

function forgetLocally(): void {
  generation++;
  for (const memo of memos) memo.clear();
}

onClusterEvent("access-narrowed", forgetLocally);

/** Forgets everything remembered about access, here and on every replica; call after committing a change that narrows someone's access. */
export function forgetAccess(): void {
  emitClusterEvent("access-narrowed");
}
