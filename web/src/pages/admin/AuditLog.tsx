import { useState } from 'react';
import { api, call } from '../../api/client';
import { Empty, ErrorMessage, Loading, Page } from '../../components/ui';
import { useI18n } from '../../i18n/i18n';
import { dateTime } from '../../lib/format';
import { useResource } from '../../lib/useResource';

const PAGE = 50;

type Entry = { actor: string; action: string; target?: string | null; details: unknown; actor_email?: string | null };

/**
 * Actors are recorded as `user:<id>` / `admin:<id>`: shown as the email the entry itself carries
 * (`actor_email`, when the server sends it), else the one its `user.create` entry recorded.
 */
export function actorEmails(entries: Entry[]): Map<string, string> {
  const emails = new Map<string, string>();
  for (const e of entries) {
    const email = (e.details as { email?: unknown } | null)?.email;
    if (e.action === 'user.create' && e.target && typeof email === 'string') emails.set(`user:${e.target}`, email);
    if (e.actor_email) emails.set(e.actor, e.actor_email);
  }
  return emails;
}

export function actorLabel(actor: string, emails: Map<string, string>): string {
  const email = emails.get(actor);
  if (email) return email;
  const m = /^(\w+):([0-9a-f-]{36})$/.exec(actor);
  return m ? `${m[1]}:${m[2]!.slice(0, 8)}` : actor;
}

/** Newest first; "older" follows the page's `next_cursor`, "previous" goes back up the stack. */
export function AuditLog() {
  const { t, lang } = useI18n();
  const [stack, setStack] = useState<(string | undefined)[]>([undefined]);
  const [tenant, setTenant] = useState('');
  const cursor = stack.at(-1);
  const tenants = useResource(() => call(api.GET('/admin/v1/tenants', { params: { query: { limit: 500 } } })), []);
  const page = useResource(
    () => call(api.GET('/admin/v1/audit-log', { params: { query: { limit: PAGE, cursor: cursor ?? null, tenant_id: tenant || null } } })),
    [cursor, tenant],
  );
  const entries = { ...page, data: page.data?.items };
  const next = page.data?.next_cursor;
  const names = new Map((tenants.data?.items ?? []).map((tn) => [tn.id, tn.name]));
  // The latest 500 entries name the users created in them; with this page's own, most actors.
  const history = useResource(() => call(api.GET('/admin/v1/audit-log', { params: { query: { limit: 500 } } })), []);
  const emails = actorEmails([...(history.data?.items ?? []), ...(entries.data ?? [])] as Entry[]);

  return (
    <Page
      title={t('admin.audit.title')}
      actions={
        <select
          value={tenant}
          onChange={(e) => {
            setStack([undefined]);
            setTenant(e.target.value);
          }}
          aria-label={t('admin.audit.tenant')}
        >
          <option value="">{t('common.all')}</option>
          {(tenants.data?.items ?? []).map((tn) => (
            <option key={tn.id} value={tn.id}>
              {tn.name}
            </option>
          ))}
        </select>
      }
    >
      {entries.loading && !entries.data ? (
        <Loading />
      ) : entries.error ? (
        <ErrorMessage error={entries.error} onRetry={entries.reload} />
      ) : entries.data && entries.data.length > 0 ? (
        <div className="table-wrap">
          <table className="table table-compact" data-testid="audit-table">
            <thead>
              <tr>
                <th>{t('admin.audit.at')}</th>
                <th>{t('admin.audit.action')}</th>
                <th>{t('admin.audit.actor')}</th>
                <th>{t('admin.audit.tenant')}</th>
                <th>{t('admin.audit.target')}</th>
                <th>{t('admin.audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.data.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{dateTime(lang, e.at)}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td className="nowrap" title={e.actor} data-testid="audit-actor">
                    {actorLabel(e.actor, emails)}
                  </td>
                  <td>{e.tenant_id ? names.get(e.tenant_id) ?? e.tenant_id.slice(0, 8) : '—'}</td>
                  <td className="wrap-anywhere">{e.target ? (emails.get(`user:${e.target}`) ?? e.target) : ''}</td>
                  <td className="audit-details">
                    <code className="json-wrap">{JSON.stringify(e.details, null, 1)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <Empty>{t('admin.audit.empty')}</Empty>
      )}
      <nav className="pager">
        <button type="button" className="btn btn-small" disabled={stack.length === 1} onClick={() => setStack([undefined])}>
          ⇤ {t('admin.audit.newest')}
        </button>
        <button type="button" className="btn btn-small" disabled={stack.length === 1} onClick={() => setStack((s) => s.slice(0, -1))}>
          ← {t('common.previous')}
        </button>
        <span className="pager-page">{t('common.page', { page: stack.length })}</span>
        <button
          type="button"
          className="btn btn-small"
          disabled={!next}
          onClick={() => next && setStack((s) => [...s, next])}
        >
          {t('admin.audit.older')} →
        </button>
      </nav>
    </Page>
  );
}
