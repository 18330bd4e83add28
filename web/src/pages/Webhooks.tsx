import { useState, type FormEvent } from 'react';
import { api, call, type Schemas } from '../api/client';
import { useSession } from '../auth';
import { Badge, Card, Empty, ErrorMessage, Field, Loading, Notice, Page, SecretOnce, type Tone } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { dateTime } from '../lib/format';
import { useAction, useResource } from '../lib/useResource';
import { useActorNames } from '../lib/actors';
import type { Key } from '../i18n/dictionary';

const EVENTS = ['review.decided', 'order.consortium_match', 'order.scored', 'review.requested', 'alert.created'] as const;
const DELIVERY_TONES: Record<string, Tone> = { pending: 'info', succeeded: 'good', failed: 'warn', dead: 'bad' };

function Deliveries({ webhook }: { webhook: Schemas['WebhookView'] }) {
  const { t, lang } = useI18n();
  const [cursor, setCursor] = useState<string>();
  const [older, setOlder] = useState<Schemas['DeliveryView'][]>([]);
  const page = useResource(
    () => call(api.GET('/v1/webhooks/{id}/deliveries', { params: { path: { id: webhook.id }, query: { limit: 20, cursor: cursor ?? null } } })),
    [webhook.id, cursor],
  );
  const test = useAction();
  const redeliver = useAction();
  const [sent, setSent] = useState(false);
  const items = [...older, ...(page.data?.items ?? [])];
  return (
    <div className="deliveries">
      <div className="toolbar">
        <button
          type="button"
          className="btn btn-small"
          disabled={test.busy}
          onClick={async () => {
            setSent(false);
            const r = await test.run(() => call(api.POST('/v1/webhooks/{id}/test', { params: { path: { id: webhook.id } } })));
            if (r) {
              setSent(true);
              setOlder([]);
              setCursor(undefined);
              setTimeout(page.reload, 1500);
            }
          }}
        >
          ↯ {t('webhooks.sendTest')}
        </button>
        <button type="button" className="btn btn-small btn-ghost" onClick={() => { setOlder([]); setCursor(undefined); page.reload(); }}>
          ↻ {t('common.refresh')}
        </button>
        {sent && <span className="muted">{t('webhooks.testSent')}</span>}
      </div>
      <ErrorMessage error={test.error} />
      <ErrorMessage error={redeliver.error} />
      {page.error ? (
        <ErrorMessage error={page.error} onRetry={page.reload} />
      ) : items.length > 0 ? (
        <table className="table table-compact">
          <thead>
            <tr>
              <th>{t('common.createdAt')}</th>
              <th>{t('webhooks.eventType')}</th>
              <th>{t('common.status')}</th>
              <th className="num">{t('webhooks.attempts')}</th>
              <th>{t('webhooks.lastStatus')}</th>
              <th>{t('webhooks.nextAttempt')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id}>
                <td>{dateTime(lang, d.created_at)}</td>
                <td>
                  <code>{d.event_type}</code>
                </td>
                <td>
                  <Badge tone={DELIVERY_TONES[d.status] ?? 'neutral'}>
                    {d.status in DELIVERY_TONES ? t(`webhooks.delivery.${d.status}` as Key) : d.status}
                  </Badge>
                </td>
                <td className="num">{d.attempts}</td>
                <td title={d.last_error ?? ''}>{d.last_status_code ?? d.last_error ?? '—'}</td>
                <td>{d.next_attempt_at ? dateTime(lang, d.next_attempt_at) : '—'}</td>
                <td className="actions">
                  <button
                    type="button"
                    className="btn btn-small btn-ghost"
                    disabled={redeliver.busy}
                    data-testid="redeliver"
                    onClick={async () => {
                      const r = await redeliver.run(() =>
                        call(api.POST('/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver', { params: { path: { id: webhook.id, delivery_id: d.id } } })),
                      );
                      if (r) {
                        setOlder([]);
                        setCursor(undefined);
                        setTimeout(page.reload, 1500);
                      }
                    }}
                  >
                    ↺ {t('webhooks.redeliver')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : page.loading ? (
        <Loading />
      ) : (
        <Empty>{t('webhooks.noDeliveries')}</Empty>
      )}
      {page.data?.next_cursor && (
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            setOlder(items);
            setCursor(page.data?.next_cursor ?? undefined);
          }}
        >
          {t('webhooks.olderDeliveries')} ↓
        </button>
      )}
    </div>
  );
}

export function Webhooks() {
  const { t, lang } = useI18n();
  const session = useSession();
  const hooks = useResource(() => call(api.GET('/v1/webhooks')), []);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const [created, setCreated] = useState<Schemas['CreatedWebhook']>();
  const [open, setOpen] = useState<string>();
  const create = useAction();
  const remove = useAction();
  const actor = useActorNames(session.role === 'owner');

  if (session.role !== 'owner') {
    return (
      <Page title={t('webhooks.title')}>
        <Notice tone="info">{t('webhooks.ownerOnly')}</Notice>
      </Page>
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(undefined);
    const hook = await create.run(() => call(api.POST('/v1/webhooks', { body: { url: url.trim(), events } })));
    if (hook) {
      setCreated(hook);
      setUrl('');
      setEvents([]);
      hooks.reload();
    }
  }

  async function removeHook(id: string) {
    if (!window.confirm(t('webhooks.confirmDelete'))) return;
    const ok = await remove.run(async () => {
      await call(api.DELETE('/v1/webhooks/{id}', { params: { path: { id } } }));
      return true;
    });
    if (ok) hooks.reload();
  }

  return (
    <Page title={t('webhooks.title')} intro={t('webhooks.intro')}>
      <Card>
        <form className="form-inline" onSubmit={submit}>
          <Field label={t('webhooks.url')}>
            <input type="url" required placeholder="https://shop.example.jp/hooks/sekisho" value={url} onChange={(e) => setUrl(e.target.value)} className="input-wide" />
          </Field>
          <fieldset className="checkbox-group">
            <legend className="field-label">{t('webhooks.events')}</legend>
            {EVENTS.map((e) => (
              <label key={e} className="checkbox">
                <input
                  type="checkbox"
                  checked={events.includes(e)}
                  onChange={(ev) => setEvents((cur) => (ev.target.checked ? [...cur, e] : cur.filter((x) => x !== e)))}
                />
                <code>{e}</code>
              </label>
            ))}
            <span className="field-hint">{events.length === 0 ? t('webhooks.allEvents') : ''}</span>
          </fieldset>
          <button type="submit" className="btn btn-primary" disabled={create.busy}>
            + {t('webhooks.create')}
          </button>
        </form>
        <ErrorMessage error={create.error} />
        {created && <SecretOnce label={t('webhooks.secretOnce')} value={created.secret} testId="webhook-secret" />}
      </Card>
      <ErrorMessage error={remove.error} />
      {hooks.loading && !hooks.data ? (
        <Loading />
      ) : hooks.error ? (
        <ErrorMessage error={hooks.error} onRetry={hooks.reload} />
      ) : hooks.data && hooks.data.length > 0 ? (
        <div className="stack">
          {hooks.data.map((h) => (
            <Card
              key={h.id}
              title={<code className="webhook-url">{h.url}</code>}
              actions={
                <>
                  {h.active ? <Badge tone="good">{t('webhooks.active')}</Badge> : <Badge>—</Badge>}
                  <button type="button" className="btn btn-small" onClick={() => setOpen(open === h.id ? undefined : h.id)} aria-expanded={open === h.id}>
                    {t('webhooks.deliveries')} {open === h.id ? '▴' : '▾'}
                  </button>
                  <button type="button" className="btn btn-small btn-bad-outline" onClick={() => removeHook(h.id)}>
                    {t('common.delete')}
                  </button>
                </>
              }
            >
              <div className="muted">
                {t('webhooks.events')}: {h.events.length ? h.events.join(', ') : t('webhooks.allEvents')} · {actor(h.created_by)} · {dateTime(lang, h.created_at)}
              </div>
              {open === h.id && <Deliveries webhook={h} />}
            </Card>
          ))}
        </div>
      ) : (
        <Empty>{t('webhooks.empty')}</Empty>
      )}
    </Page>
  );
}
