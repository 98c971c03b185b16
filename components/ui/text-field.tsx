import type { ComponentPropsWithoutRef } from "react";

import { cx } from "@/components/ui/cx";

type TextFieldProps = Omit<ComponentPropsWithoutRef<"input">, "id"> & {
  id: string;
  label: string;
  hint?: string;
};

/** A labelled text input. The label is a real `<label for>`, and a hint is tied in with aria-describedby. */
export function TextField({ id, label, hint, className, ...inputProps }: TextFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className={cx("space-y-1.5", className)}>
      <label htmlFor={id} className="block text-sm font-medium text-foreground">
        {label}
      </label>
      <input
        id={id}
        aria-describedby={hintId}
        className={cx(
          "block h-9 w-full rounded-md border border-border-strong bg-surface px-3 text-sm text-foreground shadow-xs",
          "placeholder:text-muted-foreground/70 transition-colors",
          "focus-visible:border-ring focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-ring/40",
          "disabled:cursor-not-allowed disabled:opacity-50",
        )}
        {...inputProps}
      />
      {hint ? (
        <p id={hintId} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
