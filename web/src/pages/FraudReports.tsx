import { useState, type FormEvent } from 'react';
import { api, call, type Schemas } from '../api/client';
import { Badge, Card, Empty, ErrorMessage, Field, Loading, Notice, Page, Pager } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../auth';
import { useCursorPages } from '../lib/cursor';
import { date, dateTime, isoDay, money } from '../lib/format';
import { useAction, useResource } from '../lib/useResource';
import { EMPTY_FORM, reportBody, type ReportForm as Form } from '../lib/reports';
import { useLivemode } from '../lib/mode';

const CATEGORIES: Schemas['FraudCategory'][] = ['chargeback', 'unpaid', 'resale', 'card_testing', 'account_takeover', 'other'];
const PAGE = 20;

function ReportForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState<Form>(EMPTY_FORM);
  const [missing, setMissing] = useState(false);
  const [created, setCreated] = useState(false);
  const { busy, error, run } = useAction();
  const set = (k: keyof Form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(false);
    const body = reportBody(form, isoDay(new Date()));
    setMissing(body === null);
    if (!body) return;
    const report = await run(() =>
      call(api.POST('/v1/fraud-reports', { body, params: { header: { 'Idempotency-Key': crypto.randomUUID() } } })),
    );
    if (report) {
      setCreated(true);
      setForm(EMPTY_FORM);
      onCreated();
    }
  }

  const text = (k: keyof Form, label: Parameters<typeof t>[0], props: Record<string, string> = {}) => (
    <Field label={t(label)}>
      <input name={k} value={form[k]} onChange={set(k)} {...props} />
    </Field>
  );

  return (
    <form onSubmit={submit} className="form" data-testid="report-form">
      <div className="form-grid form-grid-4">
        <Field label={t('reports.category')}>
          <select name="category" value={form.category} onChange={set('category')}>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`reports.category.${c}`)}
              </option>
            ))}
          </select>
        </Field>
        {text('amount', 'reports.amount', { type: 'number', min: '0', step: '1', inputMode: 'numeric' })}
        {text('occurred_on', 'reports.occurredAt', { type: 'date' })}
        {text('order_id', 'reports.orderId')}
      </div>
      <fieldset>
        <legend>{t('reports.identifiers')}</legend>
        <div className="form-grid form-grid-3">
          {text('email', 'reports.email', { type: 'email' })}
          {text('phone', 'reports.phone', { type: 'tel' })}
          {text('name', 'reports.name')}
          {text('card', 'reports.card', { inputMode: 'numeric', autoComplete: 'off' })}
          {text('ip', 'reports.ip')}
          {text('device_id', 'reports.deviceId')}
        </div>
        <div className="form-grid form-grid-5">
          {text('postal_code', 'reports.postalCode', { placeholder: '530-0001' })}
          {text('region', 'reports.region', { placeholder: '大阪府' })}
          {text('locality', 'reports.locality', { placeholder: '大阪市北区' })}
          {text('line1', 'reports.line1', { placeholder: '梅田1-2-3' })}
          {text('line2', 'reports.line2')}
        </div>
      </fieldset>
      {missing && <div className="alert alert-error">{t('reports.needIdentifier')}</div>}
      <ErrorMessage error={error} />
      {created && <Notice>{t('reports.created')}</Notice>}
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? t('common.saving') : t('reports.submit')}
      </button>
    </form>
  );
}

export function FraudReports() {
  const { t, lang } = useI18n();
  const [includeRetracted, setIncludeRetracted] = useState(false);
  const [showForm, setShowForm] = useState(false);
  const pages = useCursorPages();
  const livemode = useLivemode();
  const reports = useResource(
    () =>
      call(
        api.GET('/v1/fraud-reports', {
          params: { query: { limit: PAGE, cursor: pages.cursor ?? null, include_retracted: includeRetracted, livemode } },
        }),
      ),
    [pages.cursor, includeRetracted, livemode],
  );
  const retract = useAction();
  // Filing and retracting are the owner's (and the systems'); a reviewer's reject files through review.
  const owner = useSession().role === 'owner';

  async function retractReport(id: string) {
    if (!window.confirm(t('reports.confirmRetract'))) return;
    const ok = await retract.run(async () => {
      await call(api.DELETE('/v1/fraud-reports/{id}', { params: { path: { id } } }));
      return true;
    });
    if (ok) reports.reload();
  }

  return (
    <Page
      title={t('reports.title')}
      intro={t('reports.intro')}
      actions={
        owner ? (
          <button type="button" className="btn btn-primary" onClick={() => setShowForm((s) => !s)} aria-expanded={showForm}>
            {showForm ? t('common.close') : `+ ${t('reports.new')}`}
          </button>
        ) : undefined
      }
    >
      {owner && showForm && (
        <Card title={t('reports.new')}>
          <ReportForm
            onCreated={() => {
              pages.reset();
              reports.reload();
            }}
          />
        </Card>
      )}
      <div className="toolbar">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={includeRetracted}
            onChange={(e) => {
              pages.reset();
              setIncludeRetracted(e.target.checked);
            }}
          />
          {t('reports.includeRetracted')}
        </label>
      </div>
      <ErrorMessage error={retract.error} />
      {reports.loading && !reports.data ? (
        <Loading />
      ) : reports.error ? (
        <ErrorMessage error={reports.error} onRetry={reports.reload} />
      ) : reports.data && reports.data.items.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="reports-table">
            <thead>
              <tr>
                <th>{t('reports.occurredAt')}</th>
                <th>{t('reports.category')}</th>
                <th className="num">{t('orders.amount')}</th>
                <th>{t('reports.orderId')}</th>
                <th>{t('reports.identifiersColumn')}</th>
                <th>{t('reports.reportedAt')}</th>
                <th>{t('reports.source')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {reports.data.items.map((r) => (
                <tr key={r.id} className={r.retracted_at ? 'row-muted' : ''} data-order={r.order_id ?? ''}>
                  <td className="nowrap">{date(lang, r.occurred_at)}</td>
                  <td>{CATEGORIES.includes(r.category as Schemas['FraudCategory']) ? t(`reports.category.${r.category as Schemas['FraudCategory']}`) : r.category}</td>
                  <td className="num">{money(lang, r.amount_minor, r.currency)}</td>
                  <td>{r.order_id ?? '—'}</td>
                  <td className="identifiers">
                    {Object.entries(r.identifiers)
                      .filter(([, v]) => v)
                      .map(([k, v]) => (
                        <span key={k} className="chip" title={k}>
                          {String(v)}
                        </span>
                      ))}
                  </td>
                  <td className="nowrap">{dateTime(lang, r.reported_at)}</td>
                  <td>{r.source}</td>
                  <td className="actions">
                    {r.retracted_at ? (
                      <Badge>{t('reports.retracted')}</Badge>
                    ) : owner ? (
                      <button type="button" className="btn btn-small btn-bad-outline" onClick={() => retractReport(r.id)}>
                        {t('reports.retract')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <Empty>{t('reports.empty')}</Empty>
      )}
      {reports.data && (
        <Pager
          page={pages.page}
          hasNext={Boolean(reports.data.next_cursor)}
          onPage={(p) => (p > pages.page && reports.data?.next_cursor ? pages.next(reports.data.next_cursor) : pages.previous())}
        />
      )}
    </Page>
  );
}
