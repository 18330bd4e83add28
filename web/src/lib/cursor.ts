import { useState } from 'react';

/** Cursor pagination with a way back: remembers the cursors of the pages seen. */
export function useCursorPages() {
  const [stack, setStack] = useState<(string | undefined)[]>([undefined]);
  const page = stack.length - 1;
  return {
    cursor: stack[page],
    page,
    next: (cursor: string) => setStack((s) => [...s, cursor]),
    previous: () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)),
    reset: () => setStack([undefined]),
  };
}
