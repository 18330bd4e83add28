// Small building blocks every screen uses: states, errors, badges, pagination, cards.
import { useState, type ReactNode } from 'react';
import { ApiError, downloadCsv, type ErrorCode } from '../api/client';
import { en, type Key } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';

export function Loading() {
  const { t } = useI18n();
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {t('common.loading')}
    </div>
  );
}

export function Empty({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  return <div className="state state-empty">{children ?? t('common.empty')}</div>;
}

/** The dictionary's words for an error code, if it has any (the codes come from the API's schema). */
function errorKey(code: ErrorCode): Key | null {
  const key: `error.${ErrorCode}` = `error.${code}`;
  return key in en ? (key as Key) : null;
}

/** An API error in words: what it means in the user's language, then the server's own message. */
export function ErrorMessage({ error, onRetry }: { error: ApiError | undefined; onRetry?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  const key = errorKey(error.code);
  const known = key ? t(key) : null;
  return (
    <div className="alert alert-error" role="alert">
      <strong>{known ?? t('error.title')}</strong>
      {error.code !== 'network' && error.message && error.message !== known && (
        <div className="alert-detail">
          {error.message} <code>{error.code}</code>
        </div>
      )}
      {error.fields.length > 0 && (
        <ul className="alert-fields">
          {error.fields.map((f) => (
            <li key={f.field + f.message}>
              <code>{f.field}</code>: {f.message}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function Notice({ children, tone = 'success' }: { children: ReactNode; tone?: 'success' | 'info' | 'warning' }) {
  return (
    <div className={`alert alert-${tone}`} role="status">
      {children}
    </div>
  );
}

export type Tone = 'neutral' | 'good' | 'warn' | 'bad' | 'info';

export function Badge({ tone = 'neutral', children }: { tone?: Tone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export function decisionTone(decision: string | null | undefined): Tone {
  switch (decision) {
    case 'accept':
    case 'accepted':
      return 'good';
    case 'review':
    case 'in_review':
    case 'hold':
    case 'held':
      return 'warn';
    case 'reject':
    case 'rejected':
      return 'bad';
    default:
      return 'neutral';
  }
}

export function DecisionBadge({ decision }: { decision: string }) {
  const { t } = useI18n();
  const key = `decision.${decision}` as Key;
  return <Badge tone={decisionTone(decision)}>{isKey(key) ? t(key) : decision}</Badge>;
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  const key = `status.${status}` as Key;
  return <Badge tone={decisionTone(status)}>{isKey(key) ? t(key) : status}</Badge>;
}

export function isKey(key: string): key is Key {
  return Object.prototype.hasOwnProperty.call(en, key);
}

export function Page({ title, intro, actions, children }: { title: string; intro?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="page">
      <header className="page-header">
        <div>
          <h1>{title}</h1>
          {intro && <p className="page-intro">{intro}</p>}
        </div>
        {actions && <div className="page-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

export function Card({ title, actions, children, className = '' }: { title?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <div className={`card ${className}`}>
      {(title || actions) && (
        <div className="card-header">
          {title && <h2>{title}</h2>}
          {actions && <div className="card-actions">{actions}</div>}
        </div>
      )}
      {children}
    </div>
  );
}

export function Stat({ label, value, sub, tone }: { label: string; value: ReactNode; sub?: ReactNode; tone?: Tone }) {
  return (
    <div className={`stat ${tone ? `stat-${tone}` : ''}`}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {sub && <div className="stat-sub">{sub}</div>}
    </div>
  );
}

/** Offset pagination: knows there is a next page when the page came back full. */
export function Pager({ page, hasNext, onPage, pages }: { page: number; hasNext: boolean; onPage: (page: number) => void; pages?: number }) {
  const { t } = useI18n();
  if (page === 0 && !hasNext) return null;
  return (
    <nav className="pager" aria-label="pagination">
      <button type="button" className="btn btn-small" disabled={page === 0} onClick={() => onPage(page - 1)}>
        ← {t('common.previous')}
      </button>
      <span className="pager-page">{pages ? t('common.pageOf', { page: page + 1, pages }) : t('common.page', { page: page + 1 })}</span>
      <button type="button" className="btn btn-small" disabled={!hasNext} onClick={() => onPage(page + 1)}>
        {t('common.next')} →
      </button>
    </nav>
  );
}

export function CsvButton({ path, name }: { path: string; name: string }) {
  const { t } = useI18n();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  return (
    <>
      <button
        type="button"
        className="btn btn-small btn-ghost"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(undefined);
          try {
            await downloadCsv(path, name);
          } catch (cause) {
            setError(cause instanceof ApiError ? cause : new ApiError(0, 'network', String(cause)));
          } finally {
            setBusy(false);
          }
        }}
      >
        ⤓ {t('common.downloadCsv')}
      </button>
      {error && <ErrorMessage error={error} />}
    </>
  );
}

/** A secret shown once, with a copy button. */
export function SecretOnce({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <div className="secret-once" role="status">
      <p>{label}</p>
      <div className="secret-row">
        <code data-testid={testId}>{value}</code>
        <button
          type="button"
          className="btn btn-small"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(value);
              setCopied(true);
            } catch {
              setCopied(false);
            }
          }}
        >
          {copied ? t('common.copied') : t('common.copy')}
        </button>
      </div>
    </div>
  );
}

export function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: ReactNode }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {children}
      {hint && <span className="field-hint">{hint}</span>}
    </label>
  );
}
