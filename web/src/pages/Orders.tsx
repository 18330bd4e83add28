// Order search: by merchant order id, or by what the customer sent (email, phone, card BIN and
// last 4, address, IP, device), by decision, status, amount and day. The filters live in the
// address bar so that a search can be shared and comes back with the browser's Back.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Schemas } from '../api/client';
import { queryString, request, type OrderSearch } from '../api/review';
import { ScoreMeter } from '../components/order-bits';
import { Badge, DecisionBadge, Empty, ErrorMessage, Field, Loading, Page, Pager, StatusBadge } from '../components/ui';
import type { Key } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';
import { dateTime, money } from '../lib/format';
import { extraFilters, filtersFromParams, searchQuery } from '../lib/search';
import { useResource } from '../lib/useResource';
import { useLivemode } from '../lib/mode';

const PAGE = 25;
const DECISIONS = ['accept', 'review', 'reject'] as const;
const STATUSES = ['accepted', 'in_review', 'held', 'rejected'] as const;

const IDENTIFIER_FIELDS: [keyof OrderSearch, Key, string, string?][] = [
  ['email', 'search.email', 'email', 'taro@example.jp'],
  ['phone', 'search.phone', 'tel', '090-1234-5678'],
  ['card_bin', 'search.cardBin', 'text', '453201'],
  ['card_last4', 'search.cardLast4', 'text', '0366'],
  ['address', 'search.address', 'text', '東京都渋谷区神宮前1-2-3'],
  ['ip', 'search.ip', 'text', '203.0.113.45'],
  ['device_id', 'search.deviceId', 'text'],
  ['min_amount', 'search.minAmount', 'number'],
  ['max_amount', 'search.maxAmount', 'number'],
  ['from', 'search.from', 'date'],
  ['to', 'search.to', 'date'],
];

export function Orders() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const page = Number(params.get('page') ?? 0) || 0;
  const [draft, setDraft] = useState<OrderSearch>(filters);
  const [open, setOpen] = useState(extraFilters(filters) > 0);
  const key = params.toString();
  const livemode = useLivemode();
  const orders = useResource(
    () =>
      request<Schemas['OrderPage']>(
        'GET',
        `/v1/orders${queryString({ ...searchQuery(filters), limit: PAGE, offset: page * PAGE, livemode })}`,
      ),
    [key, livemode],
  );

  function apply(next: OrderSearch, nextPage = 0) {
    const entries = Object.entries(next).filter(([, v]) => typeof v === 'string' && v.trim() !== '');
    if (nextPage > 0) entries.push(['page', String(nextPage)]);
    setParams(Object.fromEntries(entries.map(([k, v]) => [k, String(v).trim()])));
  }

  function search(event: FormEvent) {
    event.preventDefault();
    apply(draft);
  }

  function clear() {
    setDraft({});
    apply({});
  }

  const more = extraFilters(filters);
  return (
    <Page title={t('orders.title')} intro={t('search.intro')}>
      <form className="card search-card" onSubmit={search} role="search" data-testid="order-search">
        <div className="toolbar">
          <input
            type="search"
            placeholder={t('orders.search')}
            aria-label={t('orders.search')}
            value={draft.q ?? ''}
            onChange={(e) => setDraft({ ...draft, q: e.target.value })}
            className="toolbar-search"
            name="q"
          />
          <label className="toolbar-select">
            {t('orders.decision')}
            <select value={draft.decision ?? ''} onChange={(e) => setDraft({ ...draft, decision: e.target.value })} name="decision">
              <option value="">{t('common.all')}</option>
              {DECISIONS.map((d) => (
                <option key={d} value={d}>
                  {t(`decision.${d}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="toolbar-select">
            {t('orders.status')}
            <select value={draft.status ?? ''} onChange={(e) => setDraft({ ...draft, status: e.target.value })} name="status">
              <option value="">{t('common.all')}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setOpen(!open)} aria-expanded={open} data-testid="search-more">
            {open ? '▾' : '▸'} {t('search.more')} {more > 0 && <Badge tone="info">{more}</Badge>}
          </button>
          <button type="submit" className="btn btn-primary" data-testid="search-submit">
            {t('common.search')}
          </button>
          <button type="button" className="btn btn-small btn-ghost" onClick={clear}>
            {t('search.clear')}
          </button>
        </div>
        {open && (
          <div className="search-form" data-testid="search-fields">
            {IDENTIFIER_FIELDS.map(([k, label, type, example]) => (
              <Field key={k} label={t(label)}>
                <input
                  type={type}
                  name={k}
                  value={draft[k] ?? ''}
                  placeholder={example}
                  min={type === 'number' ? 0 : undefined}
                  onChange={(e) => setDraft({ ...draft, [k]: e.target.value })}
                  data-testid={`search-${k}`}
                />
              </Field>
            ))}
          </div>
        )}
        {open && <p className="card-hint">{t('search.hint')}</p>}
      </form>
      {orders.loading && !orders.data ? (
        <Loading />
      ) : orders.error ? (
        <ErrorMessage error={orders.error} onRetry={orders.reload} />
      ) : orders.data && orders.data.items.length > 0 ? (
        <div className="table-wrap">
          <table className="table table-hover" data-testid="orders-table">
            <thead>
              <tr>
                <th>{t('orders.order')}</th>
                <th>{t('orders.orderedAt')}</th>
                <th className="num">{t('orders.amount')}</th>
                <th>{t('orders.payment')}</th>
                <th>{t('orders.score')}</th>
                <th>{t('orders.decision')}</th>
                <th>{t('orders.status')}</th>
              </tr>
            </thead>
            <tbody>
              {orders.data.items.map((o) => (
                <tr key={o.order_id} onClick={() => navigate(`/orders/${encodeURIComponent(o.order_id)}`)} data-testid="order-row" data-order={o.merchant_order_id}>
                  <td>
                    <Link to={`/orders/${encodeURIComponent(o.order_id)}`} onClick={(e) => e.stopPropagation()}>
                      {o.merchant_order_id}
                    </Link>
                  </td>
                  <td className="nowrap">{dateTime(lang, o.ordered_at)}</td>
                  <td className="num">{money(lang, o.amount_minor, o.currency)}</td>
                  <td>{o.payment_method}</td>
                  <td>
                    <ScoreMeter score={o.score} />
                  </td>
                  <td>
                    <DecisionBadge decision={o.decision} />
                  </td>
                  <td>
                    <StatusBadge status={o.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <Empty>{t('orders.empty')}</Empty>
      )}
      {orders.data && <Pager page={page} hasNext={orders.data.items.length === PAGE} onPage={(p) => apply(filters, p)} />}
    </Page>
  );
}
