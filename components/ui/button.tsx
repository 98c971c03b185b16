import type { ComponentPropsWithRef } from "react";

import { buttonStyles, type ButtonSize, type ButtonVariant } from "@/components/ui/button-styles";

type ButtonProps = ComponentPropsWithRef<"button"> & { variant?: ButtonVariant; size?: ButtonSize };

/** A real `<button>`; `type` defaults to "button" so a button inside a form never submits by accident. */
export function Button({ variant, size, className, type = "button", ...props }: ButtonProps) {
  return <button type={type} className={buttonStyles({ variant, size, className })} {...props} />;
}
