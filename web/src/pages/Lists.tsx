import { useState, type FormEvent } from 'react';
import { api, call, type Schemas } from '../api/client';
import { Card, Empty, ErrorMessage, Field, Loading, Notice, Page } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { dateTime } from '../lib/format';
import { useAction, useResource } from '../lib/useResource';
import { useActorNames } from '../lib/actors';
import { useSession } from '../auth';
import type { Key } from '../i18n/dictionary';

type ListName = Schemas['ListName'];
type Kind = Schemas['IdentifierKind'];
export const KINDS: Kind[] = ['email', 'email_domain', 'phone', 'address_delivery_point', 'address_building', 'ip', 'ip_prefix', 'card', 'device_id', 'name'];

export function kindLabel(t: (k: Key) => string, kind: string): string {
  return (KINDS as string[]).includes(kind) ? t(`kind.${kind}` as Key) : kind;
}

export function Lists() {
  const { t, lang } = useI18n();
  const [list, setList] = useState<ListName>('block');
  const entries = useResource(() => call(api.GET('/v1/lists', { params: { query: { list } } })), [list]);
  const [form, setForm] = useState({ kind: 'email' as Kind, value: '', note: '', expires: '' });
  const add = useAction();
  const remove = useAction();
  const [added, setAdded] = useState(false);
  const owner = useSession().role === 'owner';
  const actor = useActorNames(owner);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setAdded(false);
    const created = await add.run(() =>
      call(
        api.POST('/v1/lists', {
          body: {
            list,
            kind: form.kind,
            value: form.value.trim(),
            note: form.note.trim() || null,
            expires_at: form.expires ? new Date(`${form.expires}T23:59:59+09:00`).toISOString() : null,
          },
        }),
      ),
    );
    if (created) {
      setAdded(true);
      setForm((f) => ({ ...f, value: '', note: '', expires: '' }));
      entries.reload();
    }
  }

  async function removeEntry(id: string) {
    if (!window.confirm(t('common.confirmDelete'))) return;
    const ok = await remove.run(async () => {
      await call(api.DELETE('/v1/lists/{id}', { params: { path: { id } } }));
      return true;
    });
    if (ok) entries.reload();
  }

  return (
    <Page title={t('lists.title')} intro={t('lists.intro')}>
      <div className="tabs" role="tablist">
        {(['block', 'allow'] as const).map((l) => (
          <button key={l} type="button" role="tab" aria-selected={l === list} className={l === list ? 'tab active' : 'tab'} onClick={() => setList(l)}>
            {t(`lists.${l}`)}
          </button>
        ))}
      </div>
      {owner && (
        <Card title={t('lists.addTitle')}>
          <form className="form-inline" onSubmit={submit}>
            <Field label={t('lists.kind')}>
              <select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as Kind })}>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`kind.${k}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('lists.value')}>
              <input required value={form.value} onChange={(e) => setForm({ ...form, value: e.target.value })} className="input-wide" />
            </Field>
            <Field label={t('common.note')}>
              <input value={form.note} onChange={(e) => setForm({ ...form, note: e.target.value })} />
            </Field>
            <Field label={t('lists.expiresAt')}>
              <input type="date" value={form.expires} onChange={(e) => setForm({ ...form, expires: e.target.value })} />
            </Field>
            <button type="submit" className="btn btn-primary" disabled={add.busy}>
              + {t('common.add')}
            </button>
          </form>
          <ErrorMessage error={add.error} />
          {added && <Notice>{t('lists.added')}</Notice>}
        </Card>
      )}
      <ErrorMessage error={remove.error} />
      {entries.loading && !entries.data ? (
        <Loading />
      ) : entries.error ? (
        <ErrorMessage error={entries.error} onRetry={entries.reload} />
      ) : entries.data && entries.data.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="list-table">
            <thead>
              <tr>
                <th>{t('lists.kind')}</th>
                <th>{t('lists.value')}</th>
                <th>{t('common.note')}</th>
                <th>{t('lists.expiresAt')}</th>
                <th>{t('lists.createdBy')}</th>
                <th>{t('common.createdAt')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {entries.data.map((e) => (
                <tr key={e.id}>
                  <td>{kindLabel(t, e.kind)}</td>
                  <td>
                    {/* As the tenant entered it for owners and reviewers (the server sends `value`), else masked. */}
                    <code title={e.value ? undefined : t('lists.maskedTitle')} data-entered={e.value ? 'yes' : 'no'}>
                      {e.value ?? e.display}
                    </code>
                  </td>
                  <td>{e.note ?? ''}</td>
                  <td>{e.expires_at ? dateTime(lang, e.expires_at) : t('lists.never')}</td>
                  <td>{actor(e.created_by)}</td>
                  <td className="nowrap">{dateTime(lang, e.created_at)}</td>
                  <td className="actions">
                    {owner && (
                      <button type="button" className="btn btn-small btn-bad-outline" onClick={() => removeEntry(e.id)}>
                        {t('common.remove')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <Empty>{t('lists.empty')}</Empty>
      )}
    </Page>
  );
}
