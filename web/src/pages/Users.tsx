import { useState, type FormEvent } from 'react';
import { api, call, type Schemas } from '../api/client';
import { useSession } from '../auth';
import { Badge, Card, Empty, ErrorMessage, Field, Loading, Notice, Page } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { dateTime } from '../lib/format';
import { useAction, useResource } from '../lib/useResource';
import type { Key } from '../i18n/dictionary';

export const ROLES: Schemas['Role'][] = ['owner', 'analyst', 'reviewer'];

export function Users() {
  const { t, lang } = useI18n();
  const session = useSession();
  const users = useResource(() => call(api.GET('/v1/users')), []);
  const [form, setForm] = useState({ email: '', password: '', role: 'reviewer' as Schemas['Role'] });
  const [added, setAdded] = useState<string>();
  const create = useAction();

  if (session.role !== 'owner') {
    return (
      <Page title={t('users.title')}>
        <Notice tone="info">{t('users.ownerOnly')}</Notice>
      </Page>
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setAdded(undefined);
    const user = await create.run(() => call(api.POST('/v1/users', { body: { ...form, email: form.email.trim() } })));
    if (user) {
      setAdded(user.email);
      setForm({ email: '', password: '', role: form.role });
      users.reload();
    }
  }

  return (
    <Page title={t('users.title')} intro={t('users.intro')}>
      <Card>
        <form className="form-inline" onSubmit={submit}>
          <Field label={t('users.email')}>
            <input type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} autoComplete="off" />
          </Field>
          <Field label={t('users.password')}>
            <input type="password" required minLength={10} value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} autoComplete="new-password" />
          </Field>
          <Field label={t('users.role')}>
            <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Schemas['Role'] })}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" className="btn btn-primary" disabled={create.busy}>
            + {t('users.add')}
          </button>
        </form>
        <ErrorMessage error={create.error} />
        {added && <Notice>{t('users.added', { email: added })}</Notice>}
      </Card>
      {users.loading && !users.data ? (
        <Loading />
      ) : users.error ? (
        <ErrorMessage error={users.error} onRetry={users.reload} />
      ) : users.data && users.data.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>{t('users.email')}</th>
                <th>{t('users.role')}</th>
                <th>{t('common.createdAt')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <tr key={u.id}>
                  <td>{u.email}</td>
                  <td>
                    <Badge tone="info">{(ROLES as string[]).includes(u.role) ? t(`role.${u.role}` as Key) : u.role}</Badge>
                  </td>
                  <td className="nowrap">{dateTime(lang, u.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <Empty>{t('users.empty')}</Empty>
      )}
    </Page>
  );
}
