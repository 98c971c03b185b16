/** Joins class names, skipping falsy ones: `cx("a", open && "b")`. Enough for our needs without a dependency. */
export function cx(...classes: Array<string | false | null | undefined>): string {
  return classes.filter(Boolean).join(" ");
}
