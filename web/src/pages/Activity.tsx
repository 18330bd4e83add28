// Login events and card payment attempts as the merchant sent them and as Sekisho judged them,
// newest first: where card testing and account attacks show up before they become alerts.
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { queryString, request } from '../api/review';
import { Badge, Card, Empty, ErrorMessage, isKey, Loading, Page, Pager, type Tone } from '../components/ui';
import type { Key } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';
import { dateTime, money } from '../lib/format';
import { useResource } from '../lib/useResource';

type Row = Record<string, unknown>;

interface Listing {
  items: Row[];
  /** Absent or null on the last page (docs/API.md, Lists). */
  next_cursor?: string | null;
}

const PAGE = 50;

const s = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

const TONES: Record<string, Tone> = {
  allow: 'good',
  approved: 'good',
  approve: 'good',
  success: 'good',
  accept: 'good',
  challenge: 'warn',
  review: 'warn',
  deny: 'bad',
  declined: 'bad',
  failure: 'bad',
  reject: 'bad',
};

function Word({ prefix, value }: { prefix: string; value: unknown }) {
  const { t } = useI18n();
  if (!value) return <span className="muted">—</span>;
  const key = `${prefix}.${s(value)}`;
  return <Badge tone={TONES[s(value)] ?? 'neutral'}>{isKey(key) ? t(key as Key) : s(value)}</Badge>;
}

function Reasons({ row }: { row: Row }) {
  const { lang } = useI18n();
  const reasons = Array.isArray(row.reasons) ? (row.reasons as { code?: string; message?: string; message_ja?: string }[]) : [];
  if (reasons.length === 0) return <span className="muted">—</span>;
  return <span className="small">{reasons.map((r) => (lang === 'ja' ? r.message_ja : r.message) ?? r.code).join(' · ')}</span>;
}

interface Column {
  label: Key;
  cell: (row: Row) => ReactNode;
  className?: string;
}

function ActivityPage({ title, intro, path, columns, testId }: { title: Key; intro: Key; path: string; columns: Column[]; testId: string }) {
  const { t } = useI18n();
  const [offset, setOffset] = useState(0);
  const page = useResource(() => request<Listing>('GET', `${path}${queryString({ limit: PAGE, offset })}`), [path, offset]);
  return (
    <Page title={t(title)} intro={t(intro)}>
      <Card>
        {page.loading && !page.data ? (
          <Loading />
        ) : page.error ? (
          <ErrorMessage error={page.error} onRetry={page.reload} />
        ) : page.data && page.data.items.length > 0 ? (
          <div className="table-wrap">
            <table className="table table-compact" data-testid={testId}>
              <thead>
                <tr>
                  {columns.map((c) => (
                    <th key={c.label} className={c.className}>
                      {t(c.label)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {page.data.items.map((row, i) => (
                  <tr key={s(row.id) || i}>
                    {columns.map((c) => (
                      <td key={c.label} className={c.className}>
                        {c.cell(row)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <Empty>{t('activity.none')}</Empty>
        )}
        <Pager page={offset / PAGE} hasNext={Boolean(page.data?.next_cursor)} onPage={(p) => setOffset(p * PAGE)} />
      </Card>
    </Page>
  );
}

export function LoginEvents() {
  const { lang } = useI18n();
  const at = (row: Row) => <span className="nowrap">{dateTime(lang, s(row.attempted_at ?? row.at) || null)}</span>;
  return (
    <ActivityPage
      title="activity.logins"
      intro="activity.loginsIntro"
      path="/v1/logins"
      testId="login-events"
      columns={[
        { label: 'activity.at', cell: at },
        { label: 'activity.result', cell: (r) => <Word prefix="activity.result" value={r.success === true ? 'success' : r.success === false ? 'failure' : null} /> },
        { label: 'activity.decision', cell: (r) => <Word prefix="activity.decision" value={r.decision} /> },
        { label: 'orders.score', cell: (r) => s(r.score), className: 'num' },
        { label: 'activity.ip', cell: (r) => <code>{s(r.ip_network)}</code> },
        { label: 'activity.device', cell: (r) => <code>{s(r.device_id)}</code> },
        { label: 'orders.reasons', cell: (r) => <Reasons row={r} /> },
      ]}
    />
  );
}

export function PaymentAttempts() {
  const { lang } = useI18n();
  const at = (row: Row) => <span className="nowrap">{dateTime(lang, s(row.attempted_at ?? row.at) || null)}</span>;
  return (
    <ActivityPage
      title="activity.payments"
      intro="activity.paymentsIntro"
      path="/v1/payments/attempts"
      testId="payment-attempts"
      columns={[
        { label: 'activity.at', cell: at },
        {
          label: 'activity.card',
          cell: (r) => (
            <>
              <code>{`${s(r.bin)}…${s(r.last4)}`}</code> <span className="muted">{[s(r.brand), s(r.issuer_country)].filter(Boolean).join(' · ')}</span>
            </>
          ),
        },
        { label: 'orders.amount', cell: (r) => (typeof r.amount_minor === 'number' ? money(lang, r.amount_minor, s(r.currency) || 'JPY') : s(r.amount)), className: 'num' },
        { label: 'activity.result', cell: (r) => <Word prefix="activity.result" value={r.result} /> },
        { label: 'activity.declineCode', cell: (r) => s(r.decline_code) },
        { label: 'activity.decision', cell: (r) => <Word prefix="activity.decision" value={r.decision} /> },
        { label: 'activity.threeDs', cell: (r) => s(r.three_ds_status) },
        { label: 'activity.ip', cell: (r) => <code>{s(r.ip_network)}</code> },
        {
          label: 'orders.order',
          // The merchant's order id: the order list finds it.
          cell: (r) => (r.order_id ? <Link to={`/orders?q=${encodeURIComponent(s(r.order_id))}`}>{s(r.order_id)}</Link> : ''),
        },
        { label: 'orders.reasons', cell: (r) => <Reasons row={r} /> },
      ]}
    />
  );
}
