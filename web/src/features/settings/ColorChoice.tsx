// A row of colour swatches to pick a palette colour by click or arrow keys (a radio group for assistive technology).
import { CheckIcon, ColorSwatch, Group, Input, rem } from '@mantine/core';
import type { KeyboardEvent } from 'react';
import { colorLabel, PALETTE } from './fieldTypes.tsx';

/** The CSS colour of a palette name or #hex, as badges show it. */
export const swatchColor = (color: string) =>
  color.startsWith('#') ? color : `var(--mantine-color-${color}-filled, var(--mantine-color-gray-filled))`;

export function ColorChoice({
  label,
  value,
  onChange,
  size = 22,
}: {
  label: string;
  value: string;
  onChange(color: string): void;
  size?: number;
}) {
  // A colour set through the API (#hex or a name outside the palette) stays visible and selected.
  const colors: string[] = PALETTE.includes(value as (typeof PALETTE)[number]) ? [...PALETTE] : [...PALETTE, value];
  const move = (e: KeyboardEvent, index: number) => {
    const step =
      e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = colors[(index + step + colors.length) % colors.length]!;
    onChange(next);
    const group = e.currentTarget.parentElement;
    requestAnimationFrame(() => group?.querySelector<HTMLElement>(`[data-color="${next}"]`)?.focus());
  };
  return (
    <Input.Wrapper label={label}>
      <Group gap={6} mt={4} role="radiogroup" aria-label={label}>
        {colors.map((color, i) => {
          const checked = color === value;
          return (
            <ColorSwatch
              key={color}
              component="button"
              type="button"
              role="radio"
              aria-checked={checked}
              aria-label={colorLabel(color)}
              title={colorLabel(color)}
              data-color={color}
              tabIndex={checked ? 0 : -1}
              color={swatchColor(color)}
              size={size}
              onClick={() => onChange(color)}
              onKeyDown={(e: KeyboardEvent) => move(e, i)}
              style={{ cursor: 'pointer', color: '#fff' }}
            >
              {checked && <CheckIcon style={{ width: rem(size * 0.5), height: rem(size * 0.5) }} />}
            </ColorSwatch>
          );
        })}
      </Group>
    </Input.Wrapper>
  );
}
