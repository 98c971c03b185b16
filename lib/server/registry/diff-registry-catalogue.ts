import "server-only";

/** Repositories (`<tenant>/<name>`) and their tags, as the registry lists them or as the database records them. */
export type CatalogueSnapshot = Map<string, Set<string>>;

export interface CatalogueDiff {
  /** In the registry, not in the database: to be recorded (their tags come in `addTags`). */
  addRepositories: string[];
  /** Tags the registry has that the database lacks (a notification that never arrived). */
  addTags: { repository: string; tag: string }[];
  /** Tags the database has that are gone from the registry (deleted behind the hub's back, or a lost delete event). */
  removeTags: { repository: string; tag: string }[];
}

/**
 * What the database must do to match the registry. Repositories the registry does not list are kept: an empty
 * repository made with "create repository" exists only in the database until its first push, and Distribution
 * never forgets a repository anyway. Only repositories the registry lists completely are compared tag by tag, so a
 * repository whose tags could not be read (null) loses nothing.
 */
export function diffRegistryCatalogue(registry: Map<string, Set<string> | null>, database: CatalogueSnapshot): CatalogueDiff {
  const diff: CatalogueDiff = { addRepositories: [], addTags: [], removeTags: [] };
  for (const [repository, tags] of registry) {
    const recorded = database.get(repository);
    if (!recorded) diff.addRepositories.push(repository);
    if (!tags) continue;
    for (const tag of tags) if (!recorded?.has(tag)) diff.addTags.push({ repository, tag });
    for (const tag of recorded ?? []) if (!tags.has(tag)) diff.removeTags.push({ repository, tag });
  }
  return diff;
}
