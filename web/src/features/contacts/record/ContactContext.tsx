// What every part of the contact page needs: the profile, whether it may be edited (not while archived), and a
// way to load the current version after a refused, stale write.
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { contactKey, type ContactProfile } from '../contact.api.ts';

interface ContactPageContextValue {
  contact: ContactProfile;
  /** False while the contact is archived: the server refuses changes until it is restored. */
  editable: boolean;
  /** Loads the contact as it is now (after a version conflict). */
  reload(): Promise<void>;
}

const ContactPageContext = createContext<ContactPageContextValue | null>(null);

export function ContactPageProvider({ contact, children }: { contact: ContactProfile; children: ReactNode }) {
  const queryClient = useQueryClient();
  const reload = useCallback(
    () => queryClient.refetchQueries({ queryKey: contactKey(contact.id) }),
    [queryClient, contact.id],
  );
  const value = useMemo(() => ({ contact, editable: !contact.archivedAt, reload }), [contact, reload]);
  return <ContactPageContext.Provider value={value}>{children}</ContactPageContext.Provider>;
}

export function useContactPage(): ContactPageContextValue {
  const value = useContext(ContactPageContext);
  if (!value) throw new Error('useContactPage() used outside the contact page');
  return value;
}
