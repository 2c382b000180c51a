// Splits a failed request into messages under the fields it concerns and one for everything else.
import { useState } from 'react';
import { ApiError } from './api.ts';
import { problemText } from './problems.ts';

export interface SplitProblem<F extends string> {
  fields: Partial<Record<F, string>>;
  /** Shown above the submit button when no field can carry it. */
  general: string | null;
}

/**
 * @param fields the fields the form shows; errors for other paths fall back to the general message.
 * @param codeToField problems without `errors[]` that still belong to a field, e.g. `email_taken` → `email`.
 */
export function splitProblem<F extends string>(
  error: unknown,
  fields: readonly F[],
  codeToField: Partial<Record<string, F>> = {},
): SplitProblem<F> {
  if (!error) return { fields: {}, general: null };
  if (!(error instanceof ApiError)) {
    return { fields: {}, general: problemText(error) };
  }
  const out: Partial<Record<F, string>> = {};
  const byCode = codeToField[error.code];
  if (byCode) out[byCode] = problemText(error);
  let unplaced = false;
  for (const [field, message] of Object.entries(error.fieldErrors)) {
    if ((fields as readonly string[]).includes(field)) out[field as F] ??= message;
    else unplaced = true;
  }
  const placed = Object.keys(out).length > 0;
  return { fields: out, general: placed && !unplaced ? null : problemText(error) };
}

/**
 * Plain form state: values, a setter per field, and client-side messages that clear as the user types.
 * `onEdit` runs on every change; forms pass their mutation's reset so a stale server message goes too.
 */
export function useFormState<V extends Record<string, unknown>>(initial: V, onEdit?: () => void) {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<Partial<Record<keyof V, string>>>({});
  const set =
    <K extends keyof V>(key: K) =>
    (value: V[K]) => {
      setValues((v) => ({ ...v, [key]: value }));
      setErrors((e) => (e[key] ? { ...e, [key]: undefined } : e));
      onEdit?.();
    };
  return { values, setValues, set, errors, setErrors };
}
