"use client";

import { useTheme } from "next-themes";

import { buttonStyles } from "@/components/ui/button-styles";
import { Icon } from "@/components/ui/icon";
import { useT } from "@/lib/i18n/i18n-provider";

/**
 * Switches between light and dark. The server cannot know the theme (it lives in localStorage
 * or the OS setting), so the label and icon are chosen by CSS from the `dark` class that
 * next-themes' inline script sets before first paint: the right name is there from the first
 * frame, with no hydration mismatch and no "mounted" flicker. The hidden label is `display:none`,
 * which also removes it from the accessible name.
 */
export function ThemeToggle() {
  const t = useT();
  const { setTheme } = useTheme();

  function toggle() {
    // Read what is on screen rather than `resolvedTheme`, which is undefined until after hydration.
    const isDark = document.documentElement.classList.contains("dark");
    setTheme(isDark ? "light" : "dark");
  }

  return (
    <button type="button" onClick={toggle} className={buttonStyles({ variant: "ghost", size: "icon" })}>
      <Icon name="moon" className="size-[1.125rem] dark:hidden" />
      <Icon name="sun" className="hidden size-[1.125rem] dark:block" />
      <span className="sr-only dark:hidden">{t("header.themeToDark")}</span>
      <span className="sr-only hidden dark:inline">{t("header.themeToLight")}</span>
    </button>
  );
}
