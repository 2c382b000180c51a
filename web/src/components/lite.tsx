// Small parts as plain elements with the look of Mantine's, for screens that draw hundreds of them at once (the
// contact list's rows, the contact page's fields); see lite.module.css for why.
import type { CSSProperties, MouseEvent, ReactNode } from 'react';
import { initials } from './UserAvatar.tsx';
import classes from './lite.module.css';

export { classes as lite };

/** The variables a badge or avatar paints with, for a palette name ("teal") or a #rrggbb colour. */
export function chipColors(color: string): CSSProperties {
  if (color.startsWith('#')) {
    return {
      '--chip-bg': `color-mix(in srgb, ${color} 12%, transparent)`,
      '--chip-fg': color,
      '--chip-dot': color,
    } as CSSProperties;
  }
  // A name the palette does not know paints grey, as a badge of an unknown colour would.
  return {
    '--chip-bg': `var(--mantine-color-${color}-light, var(--mantine-color-gray-light))`,
    '--chip-fg': `var(--mantine-color-${color}-light-color, var(--mantine-color-gray-light-color))`,
    '--chip-dot': `var(--mantine-color-${color}-filled, var(--mantine-color-gray-filled))`,
  } as CSSProperties;
}

/** A small label: `light` fills with the colour, `dot` is outlined with a coloured dot before the text. */
export function Chip({
  color,
  variant = 'light',
  title,
  label,
  children,
}: {
  color: string;
  variant?: 'light' | 'dot';
  title?: string;
  /** The accessible name, when the text alone would not say enough ("+2" → "2 more tags: …"). */
  label?: string;
  children: ReactNode;
}) {
  return (
    <span className={classes.badge} data-variant={variant} style={chipColors(color)} title={title} aria-label={label}>
      <span className={classes.badgeLabel}>{children}</span>
    </span>
  );
}

/** Initials on a colour, or the picture; square for businesses. */
export function LiteAvatar({
  name,
  color,
  size,
  square,
  src,
  title,
}: {
  name: string;
  color: string;
  size: number;
  square?: boolean;
  src?: string | null;
  title?: string;
}) {
  const style = { ...chipColors(color), '--avatar-size': `${size}px` } as CSSProperties;
  return (
    <span className={classes.avatar} data-square={square || undefined} style={style} title={title}>
      {src ? <img src={src} alt="" loading="lazy" /> : initials(name)}
    </span>
  );
}

/** A mouse-enter handler that shows the whole text as a tooltip only while it is cut off with "…". */
export function titleIfCut(text: string) {
  return (e: MouseEvent<HTMLElement>) => {
    const el = e.currentTarget;
    if (el.scrollWidth > el.clientWidth) el.title = text;
    else el.removeAttribute('title');
  };
}

/** One line of text, as wide as it is up to `max` px, then cut with "…" (the whole text on hover). */
export function TruncatedText({ children, max = 200 }: { children: string; max?: number }) {
  return (
    <span
      className={`${classes.text} ${classes.truncate}`}
      style={{ maxWidth: max }}
      onMouseEnter={titleIfCut(children)}
    >
      {children}
    </span>
  );
}
