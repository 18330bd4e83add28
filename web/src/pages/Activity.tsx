// Login events and card payment attempts as the merchant sent them and as Sekisho judged them,
// newest first: where card testing and account attacks show up before they become alerts.
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { queryString, request } from '../api/review';
import { Badge, Card, Empty, ErrorMessage, isKey, Loading, Page, type Tone } from '../components/ui';
import type { Key } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';
import { dateTime, money } from '../lib/format';
import { useResource } from '../lib/useResource';

type Row = Record<string, unknown>;

interface Listing {
  items: Row[];
  next_cursor?: string | null;
}

/** A page of events: `{items, next_cursor}` or a bare list. */
function listing(body: unknown): Listing {
  if (Array.isArray(body)) return { items: body as Row[] };
  const b = (body ?? {}) as { items?: unknown; next_cursor?: unknown };
  return { items: Array.isArray(b.items) ? (b.items as Row[]) : [], next_cursor: typeof b.next_cursor === 'string' ? b.next_cursor : null };
}

const s = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

const TONES: Record<string, Tone> = {
  allow: 'good',
  approved: 'good',
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
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const page = useResource(async () => listing(await request<unknown>('GET', `${path}${queryString({ limit: 50, cursor })}`)), [path, cursor]);
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
        <nav className="pager">
          <button type="button" className="btn btn-small" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
            ← {t('common.previous')}
          </button>
          <span className="pager-page">{t('common.page', { page: cursors.length })}</span>
          <button
            type="button"
            className="btn btn-small"
            disabled={!page.data?.next_cursor}
            onClick={() => page.data?.next_cursor && setCursors((c) => [...c, page.data!.next_cursor!])}
          >
            {t('common.next')} →
          </button>
        </nav>
      </Card>
    </Page>
  );
}

export function LoginEvents() {
  const { lang } = useI18n();
  const at = (row: Row) => <span className="nowrap">{dateTime(lang, s(row.attempted_at ?? row.at ?? row.created_at) || null)}</span>;
  return (
    <ActivityPage
      title="activity.logins"
      intro="activity.loginsIntro"
      path="/v1/logins"
      testId="login-events"
      columns={[
        { label: 'activity.at', cell: at },
        { label: 'activity.account', cell: (r) => <code>{s(r.account_id ?? r.account)}</code> },
        { label: 'activity.result', cell: (r) => <Word prefix="activity.result" value={r.result ?? (r.success === true ? 'success' : r.success === false ? 'failure' : null)} /> },
        { label: 'activity.decision', cell: (r) => <Word prefix="activity.decision" value={r.decision} /> },
        { label: 'orders.score', cell: (r) => s(r.score), className: 'num' },
        { label: 'activity.ip', cell: (r) => <code>{s(r.ip)}</code> },
        { label: 'activity.device', cell: (r) => <code>{s(r.device_id)}</code> },
        { label: 'orders.reasons', cell: (r) => <Reasons row={r} /> },
      ]}
    />
  );
}

export function PaymentAttempts() {
  const { lang } = useI18n();
  const at = (row: Row) => <span className="nowrap">{dateTime(lang, s(row.attempted_at ?? row.at ?? row.created_at) || null)}</span>;
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
          cell: (r) => <code>{s(r.card) || `${s(r.card_bin ?? r.bin)}…${s(r.card_last4 ?? r.last4)}`}</code>,
        },
        { label: 'orders.amount', cell: (r) => (typeof r.amount_minor === 'number' ? money(lang, r.amount_minor, s(r.currency) || 'JPY') : s(r.amount)), className: 'num' },
        { label: 'activity.result', cell: (r) => <Word prefix="activity.result" value={r.result} /> },
        { label: 'activity.declineCode', cell: (r) => s(r.decline_code) },
        { label: 'activity.decision', cell: (r) => <Word prefix="activity.decision" value={r.decision} /> },
        { label: 'activity.ip', cell: (r) => <code>{s(r.ip)}</code> },
        {
          label: 'orders.order',
          cell: (r) => (r.order_uuid || r.order_ref ? <Link to={`/orders/${encodeURIComponent(s(r.order_uuid ?? r.order_ref))}`}>{s(r.order_id)}</Link> : s(r.order_id)),
        },
        { label: 'orders.reasons', cell: (r) => <Reasons row={r} /> },
      ]}
    />
  );
}
