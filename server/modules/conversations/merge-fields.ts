// Merge fields in templates and messages: {{contact.firstName}}, {{owner.name}}, {{user.signature}}…
// One renderer for subjects, text and HTML; values are escaped in HTML (the signature is already HTML).
import { noteHtmlToText } from '../notes/note-html.ts';

export interface MergeValues {
  contact: { firstName: string | null; lastName: string | null; displayName: string };
  owner: { name: string };
  user: { name: string; signature: string };
}

export const mergeFieldNames = [
  'contact.firstName',
  'contact.lastName',
  'contact.displayName',
  'owner.name',
  'user.name',
  'user.signature',
] as const;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Replaces every known field; an unknown one becomes empty rather than reaching the contact as braces. */
export function renderMerge(template: string, values: MergeValues, mode: 'html' | 'text'): string {
  return template.replace(/\{\{\s*([a-zA-Z]+)\.([a-zA-Z]+)\s*\}\}/g, (_whole, group: string, field: string) => {
    if (group === 'user' && field === 'signature') {
      return mode === 'html' ? values.user.signature : noteHtmlToText(values.user.signature);
    }
    const raw = (values as unknown as Record<string, Record<string, string | null> | undefined>)[group]?.[field];
    const value = typeof raw === 'string' ? raw : '';
    return mode === 'html' ? escapeHtml(value) : value;
  });
}
