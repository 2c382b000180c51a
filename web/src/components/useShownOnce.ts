// For parts of a screen that start below the fold: false while the screen is drawn for the first time, true just
// after that first frame has been painted. Drawn with the rest, they would lengthen the wait for what is in view;
// drawn a frame later, they are there before the user can scroll to them.
import { startTransition, useEffect, useState } from 'react';

export function useShownOnce(): boolean {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (shown) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The frame's callback runs before it is painted; the timer then runs once it has been.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setShown(true)));
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [shown]);
  return shown;
}
