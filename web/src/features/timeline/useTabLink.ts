// Links between the contact page's tabs: the page keeps the selected tab in the URL (?tab=<value>), so a link to
// another tab is the same address with a different `tab`, keeping whatever else the URL says.
import { useRouter } from '@tanstack/react-router';
import type { MouseEvent } from 'react';
import { isPlainClick } from '../../lib/hooks.ts';

type Search = Record<string, unknown>;

export function useTabLink() {
  const router = useRouter();
  return (tab: string) => {
    const search = ((prev: Search) => ({ ...prev, tab })) as never;
    const href = router.buildLocation({ to: '.', search }).href;
    return {
      href,
      onClick: (e: MouseEvent<HTMLElement>) => {
        if (!isPlainClick(e)) return;
        e.preventDefault();
        void router.navigate({ to: '.', search });
      },
    };
  };
}
