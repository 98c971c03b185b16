import "server-only";

export interface OwnedObject {
  metadata?: { namespace?: string; ownerReferences?: ReadonlyArray<{ uid?: string }> | null };
}

const EMPTY: readonly never[] = Object.freeze([]);

function ownerUidsOf(object: OwnedObject | undefined): string[] {
  const refs = object?.metadata?.ownerReferences;
  if (!refs || refs.length === 0) return [];
  const uids: string[] = [];
  for (const ref of refs) if (ref.uid) uids.push(ref.uid);
  return uids;
}

/**
 * Objects by the uid of each of their owners (ownerReferences), so "the pods of this ReplicaSet" and "the
 * ReplicaSets of this Deployment" are one Map lookup instead of a scan of the namespace.
 */
export class OwnerIndex<T extends OwnedObject> {
  private readonly byOwner = new Map<string, Map<string, T>>();

  /** Records that the object stored under `key` changed from `previous` to `next` (undefined: absent). */
  update(key: string, previous: T | undefined, next: T | undefined): void {
    const before = ownerUidsOf(previous);
    const after = ownerUidsOf(next);
    for (const uid of before) {
      if (after.includes(uid)) continue;
      const owned = this.byOwner.get(uid);
      owned?.delete(key);
      if (owned && owned.size === 0) this.byOwner.delete(uid);
    }
    if (!next) return;
    for (const uid of after) {
      let owned = this.byOwner.get(uid);
      if (!owned) {
        owned = new Map();
        this.byOwner.set(uid, owned);
      }
      owned.set(key, next);
    }
  }

  /** The objects in `namespace` that name `ownerUid` among their owners; [] when there are none. */
  list(namespace: string, ownerUid: string): readonly T[] {
    const owned = this.byOwner.get(ownerUid);
    if (!owned) return EMPTY;
    const out: T[] = [];
    // Owners and dependents share a namespace in Kubernetes; the check keeps a forged reference to another
    // tenant's uid from reaching across namespaces.
    for (const object of owned.values()) if ((object.metadata?.namespace ?? "") === namespace) out.push(object);
    return out;
  }
}
