// The signed-in session, kept in sessionStorage: it dies with the tab, and the token itself
// expires after 15 minutes on the server.
import type { components } from './schema';

export type Role = components['schemas']['Role'];

export interface Session {
  token: string;
  /** ms since the epoch */
  expiresAt: number;
  kind: 'platform_admin' | 'tenant_user';
  role: Role | null;
  tenantId: string | null;
  tenantName: string | null;
  email: string;
}

const KEY = 'sekisho.session';

export function loadSession(now = Date.now()): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    if (typeof session.token !== 'string' || session.expiresAt <= now) {
      sessionStorage.removeItem(KEY);
      return null;
    }
    return session;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}

type Listener = () => void;
const expiredListeners = new Set<Listener>();

/** Called when the server answers 401 to a signed-in request. */
export function onSessionExpired(listener: Listener): () => void {
  expiredListeners.add(listener);
  return () => expiredListeners.delete(listener);
}

export function sessionExpired(): void {
  clearSession();
  for (const listener of expiredListeners) listener();
}
