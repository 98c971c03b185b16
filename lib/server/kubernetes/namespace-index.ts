import "server-only";

interface Bucket<T> {
  objects: Map<string, T>;
  /** The bucket's objects sorted by name, built on the first read after a change and shared by every reader
   *  until the next change, so a hundred concurrent reads of one tenant's list cost one sort. */
  snapshot: readonly T[] | undefined;
}

const EMPTY: readonly never[] = Object.freeze([]);

/**
 * Objects of one kind by namespace, then by name (cluster-scoped objects live under ""). Reading one
 * namespace is a Map lookup; the arrays handed out are frozen and shared, never copies.
 */
export class NamespaceIndex<T> {
  private readonly buckets = new Map<string, Bucket<T>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(namespace: string, name: string): T | undefined {
    return this.buckets.get(namespace)?.objects.get(name);
  }

  /** Stores `object` under namespace/name; returns what was there before. */
  set(namespace: string, name: string, object: T): T | undefined {
    let bucket = this.buckets.get(namespace);
    if (!bucket) {
      bucket = { objects: new Map(), snapshot: undefined };
      this.buckets.set(namespace, bucket);
    }
    const previous = bucket.objects.get(name);
    bucket.objects.set(name, object);
    bucket.snapshot = undefined;
    if (previous === undefined) this.count++;
    return previous;
  }

  /** Removes namespace/name; returns what was there. */
  delete(namespace: string, name: string): T | undefined {
    const bucket = this.buckets.get(namespace);
    const previous = bucket?.objects.get(name);
    if (!bucket || previous === undefined) return undefined;
    bucket.objects.delete(name);
    this.count--;
    if (bucket.objects.size === 0) this.buckets.delete(namespace);
    else bucket.snapshot = undefined;
    return previous;
  }

  /** The namespace's objects sorted by name (a stable order for cursors); [] for an unknown namespace. */
  list(namespace: string): readonly T[] {
    const bucket = this.buckets.get(namespace);
    if (!bucket) return EMPTY;
    if (!bucket.snapshot) {
      const names = [...bucket.objects.keys()].sort();
      const sorted = new Array<T>(names.length);
      for (let i = 0; i < names.length; i++) sorted[i] = bucket.objects.get(names[i])!;
      bucket.snapshot = Object.freeze(sorted);
    }
    return bucket.snapshot;
  }

  namespaces(): IterableIterator<string> {
    return this.buckets.keys();
  }

  /** Every object as [namespace, name, object]. Do not change the index while iterating. */
  *entries(): IterableIterator<[string, string, T]> {
    for (const [namespace, bucket] of this.buckets) {
      for (const [name, object] of bucket.objects) yield [namespace, name, object];
    }
  }
}
