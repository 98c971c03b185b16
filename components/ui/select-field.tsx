import type { ComponentPropsWithoutRef } from "react";

import { cx } from "@/components/ui/cx";
import { Icon } from "@/components/ui/icon";
import { FieldError } from "@/components/ui/text-field";

type SelectFieldProps = Omit<ComponentPropsWithoutRef<"select">, "id"> & {
  id: string;
  label: string;
  /** Keep the label for screen readers only, for selects inside table rows. */
  hideLabel?: boolean;
  options: { value: string; label: string }[];
  hint?: string;
  error?: string;
};

export const selectStyles = cx(
  "block h-9 w-full cursor-pointer appearance-none rounded-md border border-border-strong bg-surface py-0 pr-8 pl-3 text-sm text-foreground shadow-xs",
  "transition-colors hover:bg-muted disabled:cursor-not-allowed disabled:opacity-50 disabled:hover:bg-surface",
);

/** A labelled native `<select>`: keyboard and screen-reader friendly without a widget library. */
export function SelectField({ id, label, hideLabel, options, hint, error, className, ...selectProps }: SelectFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cx("space-y-1.5", className)}>
      <label htmlFor={id} className={hideLabel ? "sr-only" : "block text-sm font-medium text-foreground"}>
        {label}
      </label>
      <div className="relative">
        <select id={id} aria-describedby={describedBy} aria-invalid={error ? true : undefined} className={selectStyles} {...selectProps}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <Icon
          name="chevronsUpDown"
          className="pointer-events-none absolute top-1/2 right-2.5 size-3.5 -translate-y-1/2 text-muted-foreground"
        />
      </div>
      {error ? <FieldError id={errorId!}>{error}</FieldError> : null}
      {hint ? (
        <p id={hintId} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
