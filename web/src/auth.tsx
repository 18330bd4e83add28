// Who is signed in. The role decides the menu; a 401 from the API ends the session.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { api, call } from './api/client';
import { clearSession, loadSession, onSessionExpired, saveSession, type Role, type Session } from './api/session';

interface Auth {
  session: Session | null;
  signIn: (email: string, password: string) => Promise<Session>;
  signOut: () => void;
}

const AuthContext = createContext<Auth | null>(null);

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

  // Sign out a little before the token expires rather than fail the next click.
  useEffect(() => {
    if (!session) return;
    const timer = setTimeout(() => {
      clearSession();
      setSession(null);
      navigate('/login?expired=1', { replace: true });
    }, Math.max(0, session.expiresAt - Date.now()));
    return () => clearTimeout(timer);
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
