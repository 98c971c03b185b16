/** The part of a nav item that decides whether it is the current page. */
export type NavTarget = { href: string; exact: boolean };

function trimTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

/** Whether `pathname` is this item's page, or (for non-exact items) a page below it. */
export function isNavItemActive(pathname: string, item: NavTarget): boolean {
  const path = trimTrailingSlash(pathname);
  const href = trimTrailingSlash(item.href);
  if (path === href) return true;
  // The slash guard keeps `/acme/images` from matching `/acme/images-archive`.
  return !item.exact && path.startsWith(`${href}/`);
}

/**
 * The item for the current page, preferring the longest matching href so a nested item wins
 * over its parent, plus the path segments below it (a workload name on a detail page).
 */
export function findActiveNavItem<T extends NavTarget>(
  pathname: string,
  items: readonly T[],
): { item: T; rest: string[] } | null {
  let best: T | null = null;
  for (const item of items) {
    if (isNavItemActive(pathname, item) && (!best || item.href.length > best.href.length)) best = item;
  }
  if (!best) return null;
  const rest = trimTrailingSlash(pathname)
    .slice(trimTrailingSlash(best.href).length)
    .split("/")
    .filter(Boolean)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        // A malformed escape is shown as typed rather than breaking the header.
        return segment;
      }
    });
  return { item: best, rest };
}
