import type { CSSProperties } from 'react';

/**
 * For the one cell per row whose text may be long (a name): it takes the width the other columns leave and
 * truncates, instead of pushing the table wider than a phone. Use with `truncate` on the text inside.
 * Badges in the other cells need `miw="max-content"`, or the table squeezes them to a letter.
 */
export const fillCell: CSSProperties = { width: '100%', maxWidth: 0 };
