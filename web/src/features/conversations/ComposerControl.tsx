// Lets the contact page's header ask the thread's composer for a channel (Email / Text / Call buttons).
import { createContext, useContext } from 'react';
import type { ComposerChannel } from './conversations.api.ts';
import type { ComposerRequest } from './Thread.tsx';

export const ComposerControl = createContext<((channel: ComposerChannel) => void) | null>(null);

/** Opens the contact's composer on a channel; null outside a page with a thread. */
export function useOpenComposer(): ((channel: ComposerChannel) => void) | null {
  return useContext(ComposerControl);
}

/** The latest request for the composer (channel and a counter), for the thread wherever the page placed it. */
export const ComposerRequestContext = createContext<ComposerRequest | null>(null);
