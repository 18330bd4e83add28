import { useState, type FormEvent } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { Badge, Card, Empty, ErrorMessage, Field, Loading, Notice, Page, type Tone } from '../../components/ui';
import { useI18n } from '../../i18n/i18n';
import type { Key } from '../../i18n/dictionary';
import { dateTime } from '../../lib/format';
import { useAction, useResource } from '../../lib/useResource';
import { KINDS, kindLabel } from '../Lists';

const STATUS_TONE: Record<string, Tone> = { open: 'warn', upheld: 'good', rejected: 'neutral' };

function Disputes() {
  const { t, lang } = useI18n();
  const [status, setStatus] = useState('open');
  const disputes = useResource(() => call(api.GET('/admin/v1/consortium/disputes', { params: { query: { status: status || null } } })), [status]);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const resolve = useAction();
  const open = useAction();
  const [form, setForm] = useState({ kind: 'email' as Schemas['IdentifierKind'], value: '', reason: '' });
  const [opened, setOpened] = useState(false);

  async function decide(id: string, how: 'uphold' | 'reject') {
    const body = { note: notes[id]?.trim() || null };
    const ok = await resolve.run(() =>
      how === 'uphold'
        ? call(api.POST('/admin/v1/consortium/disputes/{id}/uphold', { params: { path: { id } }, body }))
        : call(api.POST('/admin/v1/consortium/disputes/{id}/reject', { params: { path: { id } }, body })),
    );
    if (ok) disputes.reload();
  }

  async function openDispute(event: FormEvent) {
    event.preventDefault();
    setOpened(false);
    const identifiers = identifiersFor(form.kind, form.value.trim());
    const ok = await open.run(() =>
      call(api.POST('/admin/v1/consortium/disputes', { body: { identifiers, kinds: [form.kind], reason: form.reason.trim() } })),
    );
    if (ok) {
      setOpened(true);
      setForm({ ...form, value: '', reason: '' });
      disputes.reload();
    }
  }

  return (
    <Card
      title={t('admin.consortium.disputes')}
      actions={
        <select value={status} onChange={(e) => setStatus(e.target.value)} aria-label={t('common.status')}>
          <option value="">{t('common.all')}</option>
          {(['open', 'upheld', 'rejected'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`admin.consortium.status.${s}`)}
            </option>
          ))}
        </select>
      }
    >
      <form className="form-inline" onSubmit={openDispute} data-testid="dispute-form">
        <Field label={t('common.kind')}>
          <select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as Schemas['IdentifierKind'] })}>
            {KINDS.filter((k) => !['email_domain', 'ip_prefix', 'address_building', 'address_delivery_point'].includes(k)).map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('common.value')}>
          <input required value={form.value} onChange={(e) => setForm({ ...form, value: e.target.value })} />
        </Field>
        <Field label={t('admin.consortium.reason')}>
          <input required value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} className="input-wide" />
        </Field>
        <button type="submit" className="btn" disabled={open.busy}>
          + {t('admin.consortium.openDispute')}
        </button>
      </form>
      <ErrorMessage error={open.error} />
      {opened && <Notice>{t('admin.consortium.disputeOpened')}</Notice>}
      <ErrorMessage error={resolve.error} />
      {disputes.loading && !disputes.data ? (
        <Loading />
      ) : disputes.error ? (
        <ErrorMessage error={disputes.error} onRetry={disputes.reload} />
      ) : disputes.data && disputes.data.length > 0 ? (
        <table className="table table-compact">
          <thead>
            <tr>
              <th>{t('admin.consortium.openedAt')}</th>
              <th>{t('admin.consortium.kinds')}</th>
              <th>{t('admin.consortium.reason')}</th>
              <th>{t('common.status')}</th>
              <th>{t('admin.consortium.resolutionNote')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {disputes.data.map((d) => (
              <tr key={d.id} data-reason={d.reason}>
                <td>
                  {dateTime(lang, d.opened_at)}
                  <div className="muted small">{d.opened_by}</div>
                </td>
                <td>{d.kinds.map((k) => kindLabel(t, k)).join(', ')}</td>
                <td>{d.reason}</td>
                <td>
                  <Badge tone={STATUS_TONE[d.status] ?? 'neutral'}>
                    {d.status in STATUS_TONE ? t(`admin.consortium.status.${d.status}` as Key) : d.status}
                  </Badge>
                  {d.status === 'upheld' && (
                    <div className="muted small">
                      {t('admin.consortium.entriesRemoved')}: {d.entries_removed}
                    </div>
                  )}
                </td>
                <td>
                  {d.status === 'open' ? (
                    <input
                      aria-label={t('admin.consortium.resolutionNote')}
                      value={notes[d.id] ?? ''}
                      onChange={(e) => setNotes({ ...notes, [d.id]: e.target.value })}
                    />
                  ) : (
                    d.resolution_note ?? ''
                  )}
                </td>
                <td className="actions">
                  {d.status === 'open' && (
                    <>
                      <button type="button" className="btn btn-small btn-good" disabled={resolve.busy} onClick={() => decide(d.id, 'uphold')}>
                        {t('admin.consortium.uphold')}
                      </button>{' '}
                      <button type="button" className="btn btn-small" disabled={resolve.busy} onClick={() => decide(d.id, 'reject')}>
                        {t('admin.consortium.reject')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty>{t('admin.consortium.noDisputes')}</Empty>
      )}
    </Card>
  );
}

/** One identifier as the structured identifiers a dispute carries. */
function identifiersFor(kind: Schemas['IdentifierKind'], value: string): Schemas['RawIdentifiers'] {
  switch (kind) {
    case 'email':
    case 'phone':
    case 'ip':
    case 'card':
    case 'device_id':
    case 'name':
      return { [kind]: value };
    default:
      return { address: { line1: value, line2: '', locality: '', region: '', postal_code: '', country: 'JP', level: 'delivery_point' } };
  }
}

function Warninglist() {
  const { t, lang } = useI18n();
  const list = useResource(() => call(api.GET('/admin/v1/consortium/warninglist')), []);
  const add = useAction();
  const remove = useAction();
  const [value, setValue] = useState({ kind: 'email_domain' as Schemas['IdentifierKind'], value: '', label: '' });
  const [range, setRange] = useState({ range: '', label: '' });

  async function addEntry(body: Schemas['NewWarninglistEntry']) {
    const ok = await add.run(() => call(api.POST('/admin/v1/consortium/warninglist', { body })));
    if (ok) {
      setValue((v) => ({ ...v, value: '', label: '' }));
      setRange({ range: '', label: '' });
      list.reload();
    }
  }

  async function removeEntry(id: string) {
    if (!window.confirm(t('common.confirmDelete'))) return;
    const ok = await remove.run(async () => {
      await call(api.DELETE('/admin/v1/consortium/warninglist/{id}', { params: { path: { id } } }));
      return true;
    });
    if (ok) list.reload();
  }

  return (
    <Card title={t('admin.consortium.warninglist')}>
      <p className="card-hint">{t('admin.consortium.warninglistIntro')}</p>
      <div className="grid grid-2">
        <form
          className="form-inline"
          onSubmit={(e) => {
            e.preventDefault();
            void addEntry({ kind: value.kind, value: value.value.trim(), label: value.label.trim() });
          }}
        >
          <Field label={t('common.kind')}>
            <select value={value.kind} onChange={(e) => setValue({ ...value, kind: e.target.value as Schemas['IdentifierKind'] })}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kind.${k}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('common.value')}>
            <input required value={value.value} onChange={(e) => setValue({ ...value, value: e.target.value })} />
          </Field>
          <Field label={t('admin.consortium.label')}>
            <input required value={value.label} onChange={(e) => setValue({ ...value, label: e.target.value })} />
          </Field>
          <button type="submit" className="btn" disabled={add.busy}>
            + {t('admin.consortium.addValue')}
          </button>
        </form>
        <form
          className="form-inline"
          data-testid="range-form"
          onSubmit={(e) => {
            e.preventDefault();
            void addEntry({ range: range.range.trim(), label: range.label.trim() });
          }}
        >
          <Field label={t('admin.consortium.range')}>
            <input required placeholder="100.64.0.0/10" value={range.range} onChange={(e) => setRange({ ...range, range: e.target.value })} />
          </Field>
          <Field label={t('admin.consortium.label')}>
            <input required value={range.label} onChange={(e) => setRange({ ...range, label: e.target.value })} />
          </Field>
          <button type="submit" className="btn" disabled={add.busy}>
            + {t('admin.consortium.addRange')}
          </button>
        </form>
      </div>
      <ErrorMessage error={add.error} />
      <ErrorMessage error={remove.error} />
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <ErrorMessage error={list.error} onRetry={list.reload} />
      ) : list.data ? (
        <div className="grid grid-2">
          <div>
            <h3 className="subhead">{t('admin.consortium.values')}</h3>
            <div className="table-wrap table-scroll">
              <table className="table table-compact">
                <thead>
                  <tr>
                    <th>{t('common.kind')}</th>
                    <th>{t('admin.consortium.label')}</th>
                    <th>{t('admin.consortium.source')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {list.data.values.map((v) => (
                    <tr key={v.id}>
                      <td>{kindLabel(t, v.kind)}</td>
                      <td>{v.label}</td>
                      <td title={dateTime(lang, v.created_at)}>{v.source}</td>
                      <td className="actions">
                        <button type="button" className="btn btn-small btn-bad-outline" onClick={() => removeEntry(v.id)}>
                          {t('common.remove')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          <div>
            <h3 className="subhead">{t('admin.consortium.ranges')}</h3>
            <div className="table-wrap table-scroll">
              <table className="table table-compact">
                <thead>
                  <tr>
                    <th>{t('admin.consortium.range')}</th>
                    <th>{t('admin.consortium.label')}</th>
                    <th>{t('admin.consortium.source')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {list.data.ranges.map((r) => (
                    <tr key={r.id} data-label={r.label}>
                      <td>
                        <code>{r.range}</code>
                      </td>
                      <td>{r.label}</td>
                      <td title={dateTime(lang, r.created_at)}>{r.source}</td>
                      <td className="actions">
                        <button type="button" className="btn btn-small btn-bad-outline" onClick={() => removeEntry(r.id)}>
                          {t('common.remove')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </div>
      ) : null}
    </Card>
  );
}

export function Consortium() {
  const { t } = useI18n();
  return (
    <Page title={t('admin.consortium.title')}>
      <Disputes />
      <Warninglist />
    </Page>
  );
}
