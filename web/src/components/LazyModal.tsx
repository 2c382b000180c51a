// A Mantine modal that joins the page the first time it opens; until then nothing of it is drawn. Each closed modal
// drew its overlay, portal and transitions on every visit: a contact page held five (duplicate, merge, erase, archive,
// add a field), each portal a second render of its own. Once opened it stays, so closing it still fades out.
import { Modal, type ModalProps } from '@mantine/core';
import { useEffect, useState } from 'react';

export function LazyModal({ opened, ...props }: ModalProps) {
  const [present, setPresent] = useState(opened);
  // Mounted closed first and opened just after, the modal fades in as one always in the page would.
  const [ready, setReady] = useState(opened);
  if (opened && !present) setPresent(true);
  useEffect(() => {
    if (!present || ready) return;
    const frame = requestAnimationFrame(() => setReady(true));
    return () => cancelAnimationFrame(frame);
  }, [present, ready]);
  if (!present) return null;
  return <Modal {...props} opened={opened && ready} />;
}
