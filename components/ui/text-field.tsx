import type { ComponentPropsWithoutRef } from "react";

import { cx } from "@/components/ui/cx";

type TextFieldProps = Omit<ComponentPropsWithoutRef<"input">, "id"> & {
  id: string;
  label: string;
  hint?: string;
  /** A message about the current value; marks the input invalid and is read out with it. */
  error?: string;
};

export const inputStyles = cx(
  "block h-9 w-full rounded-md border border-border-strong bg-surface px-3 text-sm text-foreground shadow-xs",
  "placeholder:text-muted-foreground/70 transition-colors",
  "focus-visible:border-ring focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-ring/40",
  "disabled:cursor-not-allowed disabled:opacity-50",
  "aria-invalid:border-danger",
);

/** A labelled text input. The label is a real `<label for>`; hint and error are tied in with aria-describedby. */
export function TextField({ id, label, hint, error, className, ...inputProps }: TextFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cx("space-y-1.5", className)}>
      <label htmlFor={id} className="block text-sm font-medium text-foreground">
        {label}
      </label>
      <input id={id} aria-describedby={describedBy} aria-invalid={error ? true : undefined} className={inputStyles} {...inputProps} />
      {error ? <FieldError id={errorId!}>{error}</FieldError> : null}
      {hint ? (
        <p id={hintId} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** The message under a field that is not valid. */
export function FieldError({ id, children }: { id: string; children: string }) {
  return (
    <p id={id} className="text-xs font-medium text-danger">
      {children}
    </p>
  );
}
