// The dashboard's test/live switch (docs/TESTING.md): which mode the lists show. Kept in
// localStorage so that it survives a reload; every list passes it to the API as `livemode`.
import { useSyncExternalStore } from 'react';

const STORAGE = 'sekisho.livemode';
const listeners = new Set<() => void>();

function read(): boolean {
  try {
    return window.localStorage.getItem(STORAGE) !== 'false';
  } catch {
    return true;
  }
}

export function setLivemode(livemode: boolean) {
  try {
    window.localStorage.setItem(STORAGE, String(livemode));
  } catch {
    // Private windows may refuse storage: the switch then lasts until the page closes.
  }
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The switch's position now, for calls made outside React (the analytics calls). */
export function currentLivemode(): boolean {
  return read();
}

/** `true`: live data (the default); `false`: test-mode data. */
export function useLivemode(): boolean {
  return useSyncExternalStore(subscribe, read, () => true);
}
