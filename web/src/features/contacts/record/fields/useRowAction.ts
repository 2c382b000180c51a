// One-click actions of a row (make primary, re-check, remove): run it, and keep its refusal to show in place.
import { useState } from 'react';

export function useRowAction() {
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const run = async (fn: () => Promise<unknown>) => {
    setPending(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    } finally {
      setPending(false);
    }
  };
  return { error, pending, run, clear: () => setError(null) };
}
