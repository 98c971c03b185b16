import type { ComponentPropsWithRef } from "react";

import { buttonStyles, type ButtonSize, type ButtonVariant } from "@/components/ui/button-styles";

type ButtonProps = ComponentPropsWithRef<"button"> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /**
   * Why the button cannot be used (e.g. the role lacks a permission). Disables it and explains on hover (`title`
   * on a wrapper, because a disabled button gets no pointer events) and to screen readers (hidden text after it).
   */
  disabledReason?: string;
};

/** A real `<button>`; `type` defaults to "button" so a button inside a form never submits by accident. */
export function Button({ variant, size, className, type = "button", disabledReason, disabled, ...props }: ButtonProps) {
  const button = <button type={type} className={buttonStyles({ variant, size, className })} disabled={disabled || Boolean(disabledReason)} {...props} />;
  if (!disabledReason) return button;
  return (
    <span title={disabledReason} className="inline-flex cursor-not-allowed">
      {button}
      <span className="sr-only">{disabledReason}</span>
    </span>
  );
}
