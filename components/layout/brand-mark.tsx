import { cx } from "@/components/ui/cx";

/** The Apiary logo: a honeycomb cell. Decorative; the product name next to it carries the meaning. */
export function BrandMark({ className }: { className?: string }) {
  return (
    <svg aria-hidden="true" focusable="false" viewBox="0 0 32 32" className={cx("size-7 shrink-0", className)}>
      <path d="M16 2.5 27.7 9.25v13.5L16 29.5 4.3 22.75V9.25L16 2.5Z" className="fill-brand" />
      <path
        d="M16 9.5 21.6 12.75v6.5L16 22.5l-5.6-3.25v-6.5L16 9.5Z"
        className="fill-none stroke-brand-foreground"
        strokeWidth={2}
        strokeLinejoin="round"
      />
    </svg>
  );
}
