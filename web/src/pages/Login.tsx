import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useAuth } from '../auth';
import { LanguageSwitch } from '../components/Layout';
import { ErrorMessage, Field, Notice } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { useAction } from '../lib/useResource';
import { homeFor } from '../nav';

export function Login() {
  const { session, signIn } = useAuth();
  const { t } = useI18n();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();

  if (session) return <Navigate to={homeFor(session)} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const signedIn = await run(() => signIn(email.trim(), password));
    if (!signedIn) return;
    const next = params.get('next');
    const admin = signedIn.kind === 'platform_admin';
    const allowed = next && next.startsWith('/') && !next.startsWith('//') && next.startsWith('/admin') === admin;
    navigate(allowed ? next : homeFor(signedIn), { replace: true });
  }

  return (
    <div className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <div className="brand brand-login">
          <span className="brand-mark" aria-hidden="true">関</span>
          <div>
            <div className="brand-name">{t('app.name')}</div>
            <div className="brand-tag">{t('app.tagline')}</div>
          </div>
        </div>
        <h1 id="login-title">{t('login.title')}</h1>
        <p className="muted">{t('login.intro')}</p>
        {params.get('expired') && <Notice tone="info">{t('login.expired')}</Notice>}
        <Field label={t('login.email')}>
          <input name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <Field label={t('login.password')}>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        <ErrorMessage error={error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
    </div>
  );
}
