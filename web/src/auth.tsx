// Who is signed in. The role decides the menu; a 401 from the API ends the session. While the
// user is active the session is renewed shortly before its token expires; signing out ends it on
// the server too, so the token is refused everywhere at once.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { api, call } from './api/client';
import { clearSession, loadSession, onSessionExpired, saveSession, type Role, type Session } from './api/session';

interface Auth {
  session: Session | null;
  signIn: (email: string, password: string) => Promise<Session>;
  signOut: () => void;
}

const AuthContext = createContext<Auth | null>(null);

/** Renew this long before the token expires. */
const REFRESH_BEFORE_MS = 60_000;
/** Renew only if the user did something within this long; an idle tab lets the session lapse. */
const ACTIVE_WITHIN_MS = 15 * 60_000;

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const navigate = useNavigate();

  useEffect(
    () =>
      onSessionExpired(() => {
        setSession(null);
        navigate('/login?expired=1', { replace: true });
      }),
    [navigate],
  );

  const lastActivity = useRef(Date.now());
  useEffect(() => {
    const mark = () => {
      lastActivity.current = Date.now();
    };
    window.addEventListener('pointerdown', mark);
    window.addEventListener('keydown', mark);
    return () => {
      window.removeEventListener('pointerdown', mark);
      window.removeEventListener('keydown', mark);
    };
  }, []);

  // Renew while the user is active; otherwise sign out a little before the token expires rather
  // than fail the next click.
  useEffect(() => {
    if (!session) return;
    const left = session.expiresAt - Date.now();
    const renew =
      left > REFRESH_BEFORE_MS
        ? setTimeout(async () => {
            if (Date.now() - lastActivity.current > ACTIVE_WITHIN_MS) return;
            try {
              const renewed = await call(api.POST('/v1/auth/refresh', {}));
              const next: Session = {
                ...session,
                token: renewed.access_token,
                expiresAt: Date.now() + renewed.expires_in * 1000 - 5_000,
                role: (renewed.role ?? session.role) as Role | null,
              };
              saveSession(next);
              setSession(next);
            } catch {
              // The session has ended (or the network is down): the timer below signs out.
            }
          }, left - REFRESH_BEFORE_MS)
        : undefined;
    const timer = setTimeout(() => {
      clearSession();
      setSession(null);
      navigate('/login?expired=1', { replace: true });
    }, Math.max(0, left));
    return () => {
      clearTimeout(renew);
      clearTimeout(timer);
    };
  }, [session, navigate]);

  const signIn = useCallback(async (email: string, password: string) => {
    const login = await call(api.POST('/v1/auth/login', { body: { email, password } }));
    const base: Session = {
      token: login.access_token,
      expiresAt: Date.now() + login.expires_in * 1000 - 5_000,
      kind: login.subject_kind === 'platform_admin' ? 'platform_admin' : 'tenant_user',
      role: (login.role ?? null) as Role | null,
      tenantId: login.tenant_id ?? null,
      tenantName: null,
      email,
    };
    let full = base;
    if (base.kind === 'tenant_user') {
      const me = await call(api.GET('/v1/me', { headers: { authorization: `Bearer ${base.token}` } }));
      full = { ...base, tenantName: me.tenant_name, role: (me.role ?? base.role) as Role | null };
    }
    saveSession(full);
    setSession(full);
    return full;
  }, []);

  const signOut = useCallback(() => {
    const current = loadSession();
    if (current) {
      // Ends the session server-side; signing out here does not wait for the answer.
      void api
        .POST('/v1/auth/logout', { headers: { authorization: `Bearer ${current.token}` } })
        .catch(() => undefined);
    }
    clearSession();
    setSession(null);
    navigate('/login', { replace: true });
  }, [navigate]);

  const value = useMemo(() => ({ session, signIn, signOut }), [session, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in session; only for screens behind the sign-in guard. */
export function useSession(): Session {
  const { session } = useAuth();
  if (!session) throw new Error('not signed in');
  return session;
}

export function isOwner(session: Session): boolean {
  return session.role === 'owner';
}
