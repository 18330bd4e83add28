import { useState, type FormEvent } from 'react';
import { api, call, type Schemas } from '../api/client';
import { useSession } from '../auth';
import { Badge, Card, Empty, ErrorMessage, Field, Loading, Notice, Page, SecretOnce } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { dateTime } from '../lib/format';
import { useAction, useResource } from '../lib/useResource';
import { useActorNames } from '../lib/actors';

export function ApiKeys() {
  const { t, lang } = useI18n();
  const session = useSession();
  const keys = useResource(() => call(api.GET('/v1/api-keys')), []);
  const [name, setName] = useState('');
  const [mode, setMode] = useState<Schemas['KeyMode']>('live');
  const [created, setCreated] = useState<Schemas['CreatedApiKey']>();
  const create = useAction();
  const revoke = useAction();
  const actor = useActorNames(session.role === 'owner');

  if (session.role !== 'owner') {
    return (
      <Page title={t('keys.title')}>
        <Notice tone="info">{t('keys.ownerOnly')}</Notice>
      </Page>
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(undefined);
    const key = await create.run(() => call(api.POST('/v1/api-keys', { body: { name: name.trim(), mode } })));
    if (key) {
      setCreated(key);
      setName('');
      keys.reload();
    }
  }

  async function revokeKey(key: Schemas['ApiKeyView']) {
    if (!window.confirm(t('keys.confirmRevoke', { name: key.name }))) return;
    const ok = await revoke.run(async () => {
      await call(api.DELETE('/v1/api-keys/{id}', { params: { path: { id: key.id } } }));
      return true;
    });
    if (ok) keys.reload();
  }

  return (
    <Page title={t('keys.title')} intro={t('keys.intro')}>
      <Card>
        <form className="form-inline" onSubmit={submit}>
          <Field label={t('keys.name')}>
            <input name="key-name" required maxLength={100} placeholder={t('keys.namePlaceholder')} value={name} onChange={(e) => setName(e.target.value)} className="input-wide" />
          </Field>
          <Field label={t('keys.mode')}>
            <select name="key-mode" value={mode} onChange={(e) => setMode(e.target.value as Schemas['KeyMode'])} data-testid="key-mode">
              <option value="live">{t('mode.live')}</option>
              <option value="test">{t('mode.test')}</option>
            </select>
          </Field>
          <button type="submit" className="btn btn-primary" disabled={create.busy} data-testid="create-key">
            + {t('keys.create')}
          </button>
        </form>
        <ErrorMessage error={create.error} />
        {created && <SecretOnce label={t('keys.createdOnce')} value={created.key} testId="new-api-key" />}
      </Card>
      <ErrorMessage error={revoke.error} />
      {keys.loading && !keys.data ? (
        <Loading />
      ) : keys.error ? (
        <ErrorMessage error={keys.error} onRetry={keys.reload} />
      ) : keys.data && keys.data.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="keys-table">
            <thead>
              <tr>
                <th>{t('common.name')}</th>
                <th>{t('keys.prefix')}</th>
                <th>{t('common.status')}</th>
                <th>{t('keys.createdBy')}</th>
                <th>{t('common.createdAt')}</th>
                <th>{t('keys.lastUsed')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {keys.data.map((k) => (
                <tr key={k.id} data-key-name={k.name} className={k.revoked_at ? 'row-muted' : ''}>
                  <td>{k.name}</td>
                  <td>
                    <code>{k.prefix}…</code>{' '}
                    {!k.livemode && (
                      <span data-testid="test-key">
                        <Badge tone="warn">{t('mode.test')}</Badge>
                      </span>
                    )}
                  </td>
                  <td>{k.revoked_at ? <Badge tone="bad">{t('keys.revoked')}</Badge> : <Badge tone="good">{t('keys.active')}</Badge>}</td>
                  <td>{actor(k.created_by)}</td>
                  <td className="nowrap">{dateTime(lang, k.created_at)}</td>
                  <td className="nowrap">{dateTime(lang, k.last_used_at)}</td>
                  <td className="actions">
                    {!k.revoked_at && (
                      <button type="button" className="btn btn-small btn-bad-outline" onClick={() => revokeKey(k)} data-testid="revoke-key">
                        {t('keys.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <Empty>{t('keys.empty')}</Empty>
      )}
    </Page>
  );
}
