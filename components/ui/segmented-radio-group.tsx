"use client";

import { useRef, type KeyboardEvent } from "react";

import { cx } from "@/components/ui/cx";

/**
 * A row of options as a radio group (ranges of a chart, say): one tab stop, arrow keys move and choose, the chosen
 * one filled. `testId` names each option's `data-testid` when given.
 */
export function SegmentedRadioGroup<T extends string>({
  options,
  value,
  onChange,
  label,
  optionLabel,
  testId,
}: {
  options: readonly T[];
  value: T;
  onChange: (option: T) => void;
  label: string;
  optionLabel: (option: T) => string;
  testId?: (option: T) => string;
}) {
  const refs = useRef<Partial<Record<T, HTMLButtonElement | null>>>({});

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const step = event.key === "ArrowRight" || event.key === "ArrowDown" ? 1 : event.key === "ArrowLeft" || event.key === "ArrowUp" ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = options[(options.indexOf(value) + step + options.length) % options.length]!;
    onChange(next);
    refs.current[next]?.focus();
  }

  return (
    <div role="radiogroup" aria-label={label} onKeyDown={onKeyDown} className="inline-flex rounded-lg border border-border bg-surface p-0.5 shadow-xs">
      {options.map((option) => {
        const checked = option === value;
        return (
          <button
            key={option}
            ref={(element) => {
              refs.current[option] = element;
            }}
            type="button"
            role="radio"
            aria-checked={checked}
            tabIndex={checked ? 0 : -1}
            data-testid={testId?.(option)}
            onClick={() => onChange(option)}
            className={cx(
              "rounded-md px-2.5 py-1 text-xs font-medium whitespace-nowrap transition-colors focus-visible:outline-2 focus-visible:outline-ring",
              checked ? "bg-primary text-primary-foreground" : "text-muted-foreground hover:bg-muted hover:text-foreground",
            )}
          >
            {optionLabel(option)}
          </button>
        );
      })}
    </div>
  );
}
