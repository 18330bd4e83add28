import { NavLink, Outlet } from 'react-router';
import { useAuth, useSession } from '../auth';
import { useI18n } from '../i18n/i18n';
import { menuFor } from '../nav';
import type { Key } from '../i18n/dictionary';
import { setLivemode, useLivemode } from '../lib/mode';
import { Notice } from './ui';

/** The test/live switch: which mode's orders, reviews and reports the lists show. */
export function ModeSwitch() {
  const { t } = useI18n();
  const livemode = useLivemode();
  return (
    <button
      type="button"
      className={`btn btn-small ${livemode ? 'btn-ghost' : 'btn-bad-outline'}`}
      data-testid="mode-switch"
      aria-pressed={!livemode}
      title={t('mode.switchLabel')}
      onClick={() => setLivemode(!livemode)}
    >
      {livemode ? t('mode.live') : t('mode.test')}
    </button>
  );
}

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <button
      type="button"
      className="btn btn-small btn-ghost lang-switch"
      data-testid="lang-switch"
      aria-label={t('lang.switchLabel')}
      onClick={() => setLang(lang === 'ja' ? 'en' : 'ja')}
    >
      <span aria-hidden="true">文A</span> {t('lang.switch')}
    </button>
  );
}

function TestModeBanner() {
  const { t } = useI18n();
  const livemode = useLivemode();
  if (livemode) return null;
  return (
    <div data-testid="test-mode-banner">
      <Notice tone="warning">{t('mode.banner')}</Notice>
    </div>
  );
}

export function Layout() {
  const session = useSession();
  const { signOut } = useAuth();
  const { t } = useI18n();
  const livemode = useLivemode();
  const who = session.kind === 'platform_admin' ? t('nav.platformAdmin') : session.role ? t(`role.${session.role}` as Key) : '';
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">関</span>
          <div>
            <div className="brand-name">{t('app.name')}</div>
            <div className="brand-tag">{t('app.tagline')}</div>
          </div>
        </div>
        <nav aria-label="main">
          {menuFor(session).map((section) => (
            <div className="nav-section" key={section.title}>
              <div className="nav-section-title">{t(section.title)}</div>
              {section.items.map((item) => (
                <NavLink key={item.to} to={item.to} end={item.to === '/' || item.to === '/admin'} className="nav-link">
                  <span className="nav-icon" aria-hidden="true">
                    {item.icon}
                  </span>
                  {t(item.label)}
                </NavLink>
              ))}
            </div>
          ))}
        </nav>
      </aside>
      <div className="main">
        <header className="topbar">
          <div className="topbar-tenant" data-testid="tenant-name">
            {session.tenantName ?? (session.kind === 'platform_admin' ? t('nav.sectionPlatform') : '')}
          </div>
          <div className="topbar-user">
            <span className="topbar-email">{session.email}</span>
            <span className="badge badge-info">{who}</span>
            {session.kind !== 'platform_admin' && <ModeSwitch />}
            <LanguageSwitch />
            <button type="button" className="btn btn-small" onClick={signOut} data-testid="sign-out">
              {t('nav.signOut')}
            </button>
          </div>
        </header>
        <main className="content">
          <TestModeBanner />
          {/* Remounted on a switch of mode, so that every page reads the other mode's data. */}
          <Outlet key={String(livemode)} />
        </main>
      </div>
    </div>
  );
}
