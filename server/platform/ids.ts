import { v7 } from 'uuid';

/** UUIDv7: time-ordered, so new rows land at the right edge of their indexes. */
export const newId = (): string => v7();
