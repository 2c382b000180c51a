// Opens the create-contact dialog from anywhere (the list's button, the search palette, the "c" shortcut); the app
// shell renders the one dialog.
import { useSyncExternalStore } from 'react';
import type { CreateContactPrefill } from './CreateContactDialog.tsx';

interface State {
  opened: boolean;
  prefill?: CreateContactPrefill;
  /** Counts openings, so that each one starts with a fresh form. */
  seq: number;
}

let state: State = { opened: false, seq: 0 };
const listeners = new Set<() => void>();

function set(next: State) {
  state = next;
  for (const l of listeners) l();
}

export function openCreateContact(prefill?: CreateContactPrefill): void {
  set({ opened: true, prefill, seq: state.seq + 1 });
}

export function closeCreateContact(): void {
  set({ ...state, opened: false });
}

export function useCreateContactState(): State {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}
