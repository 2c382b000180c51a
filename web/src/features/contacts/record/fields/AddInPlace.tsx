// The "Add …" footer of a list section (emails, phones, locations): a button that opens the
// section's form in its place; the form closes itself after a save, or with Escape.
import { Button } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState, type KeyboardEvent, type ReactNode } from 'react';
import { useContactPage } from '../ContactContext.tsx';

export function AddInPlace({ label, children }: { label: string; children: (close: () => void) => ReactNode }) {
  const { editable } = useContactPage();
  const [open, setOpen] = useState(false);
  if (!editable) return null;
  if (open) return children(() => setOpen(false));
  return (
    <Button
      variant="subtle"
      size="compact-sm"
      leftSection={<IconPlus size={14} />}
      onClick={() => setOpen(true)}
      style={{ alignSelf: 'flex-start' }}
    >
      {label}
    </Button>
  );
}

/** A form's key handler: Escape cancels it (and stops there, so an enclosing dialog stays open). */
export function escapeCancels(onCancel: () => void, more?: (e: KeyboardEvent) => void) {
  return (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onCancel();
    } else {
      more?.(e);
    }
  };
}
