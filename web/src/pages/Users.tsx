import { useState, type FormEvent } from 'react';
import { api, call, type Schemas } from '../api/client';
import { useSession } from '../auth';
import { Badge, Card, Empty, ErrorMessage, Field, Loading, Notice, Page } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { dateTime } from '../lib/format';
import { useAction, useResource } from '../lib/useResource';
import type { Key } from '../i18n/dictionary';

export const ROLES: Schemas['Role'][] = ['owner', 'analyst', 'reviewer'];

/** A user as listed, with the fields team management adds (`disabled`, or `disabled_at`). */
type User = Schemas['UserView'] & { disabled?: boolean | null; disabled_at?: string | null };

export function isDisabled(u: User): boolean {
  return u.disabled === true || Boolean(u.disabled_at);
}

/** The enabled owners: the last of them cannot be removed, disabled or moved to another role. */
export function lastOwner(users: User[], u: User): boolean {
  return u.role === 'owner' && !isDisabled(u) && users.filter((x) => x.role === 'owner' && !isDisabled(x)).length <= 1;
}

export function Users() {
  const { t, lang } = useI18n();
  const session = useSession();
  const users = useResource(() => call(api.GET('/v1/users')), []);
  const [form, setForm] = useState({ email: '', password: '', role: 'reviewer' as Schemas['Role'] });
  const [added, setAdded] = useState<string>();
  const create = useAction();
  const change = useAction();
  const [changed, setChanged] = useState<string>();

  async function patch(u: User, body: { role?: Schemas['Role']; disabled?: boolean }, done: string) {
    setChanged(undefined);
    const ok = await change.run(() => call(api.PATCH('/v1/users/{id}', { params: { path: { id: u.id } }, body })));
    if (ok) {
      setChanged(done);
      users.reload();
    }
  }

  async function remove(u: User) {
    if (!window.confirm(t('users.confirmRemove', { email: u.email }))) return;
    setChanged(undefined);
    const ok = await change.run(async () => {
      await call(api.DELETE('/v1/users/{id}', { params: { path: { id: u.id } } }));
      return true;
    });
    if (ok) {
      setChanged(t('users.removed', { email: u.email }));
      users.reload();
    }
  }

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
          <ErrorMessage error={change.error} />
          {changed && <Notice>{changed}</Notice>}
          <table className="table" data-testid="users-table">
            <thead>
              <tr>
                <th>{t('users.email')}</th>
                <th>{t('users.role')}</th>
                <th>{t('common.status')}</th>
                <th>{t('common.createdAt')}</th>
                <th>{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {(users.data as User[]).map((u) => {
                const last = lastOwner(users.data as User[], u);
                const disabled = isDisabled(u);
                return (
                  <tr key={u.id} data-testid="user-row" data-email={u.email} data-disabled={disabled ? 'yes' : 'no'}>
                    <td>
                      {u.email}
                      {u.email === session.email && <span className="muted"> · {t('users.you')}</span>}
                    </td>
                    <td>
                      <select
                        value={u.role}
                        disabled={change.busy || last}
                        title={last ? t('users.lastOwner') : undefined}
                        aria-label={t('users.changeRole', { email: u.email })}
                        onChange={(e) => {
                          const role = e.target.value as Schemas['Role'];
                          void patch(u, { role }, t('users.roleChanged', { email: u.email, role: t(`role.${role}`) }));
                        }}
                        data-testid="user-role"
                      >
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {t(`role.${r}` as Key)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <Badge tone={disabled ? 'bad' : 'good'}>{disabled ? t('users.disabled') : t('users.active')}</Badge>
                    </td>
                    <td className="nowrap">{dateTime(lang, u.created_at)}</td>
                    <td className="actions">
                      {disabled ? (
                        <button type="button" className="btn btn-small" disabled={change.busy} onClick={() => patch(u, { disabled: false }, t('users.enabledDone', { email: u.email }))} data-testid="user-enable">
                          {t('users.enable')}
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="btn btn-small btn-ghost"
                          disabled={change.busy || last}
                          title={last ? t('users.lastOwner') : undefined}
                          onClick={() => patch(u, { disabled: true }, t('users.disabledDone', { email: u.email }))}
                          data-testid="user-disable"
                        >
                          {t('users.disable')}
                        </button>
                      )}
                      <button
                        type="button"
                        className="btn btn-small btn-bad"
                        disabled={change.busy || last}
                        title={last ? t('users.lastOwner') : undefined}
                        onClick={() => remove(u)}
                        data-testid="user-remove"
                      >
                        {t('common.remove')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="card-hint">{t('users.manageHint')}</p>
        </div>
      ) : (
        <Empty>{t('users.empty')}</Empty>
      )}
    </Page>
  );
}
