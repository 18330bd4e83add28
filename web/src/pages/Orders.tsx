import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../api/client';
import { ScoreMeter } from '../components/order-bits';
import { DecisionBadge, Empty, ErrorMessage, Loading, Page, Pager, StatusBadge } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { dateTime, money } from '../lib/format';
import { useResource } from '../lib/useResource';
import { useLivemode } from '../lib/mode';

const PAGE = 25;
const DECISIONS = ['accept', 'review', 'reject'] as const;
const STATUSES = ['accepted', 'in_review', 'held', 'rejected'] as const;

export function Orders() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const decision = params.get('decision') ?? '';
  const status = params.get('status') ?? '';
  const page = Number(params.get('page') ?? 0) || 0;
  const [draft, setDraft] = useState(q);
  const livemode = useLivemode();
  const orders = useResource(
    () =>
      call(
        api.GET('/v1/orders', {
          params: { query: { q: q || undefined, decision: decision || undefined, status: status || undefined, limit: PAGE, offset: page * PAGE, livemode } },
        }),
      ),
    [q, decision, status, page, livemode],
  );

  function update(next: Record<string, string>) {
    const merged = { q, decision, status, page: '0', ...next };
    setParams(Object.fromEntries(Object.entries(merged).filter(([, v]) => v && v !== '0')));
  }

  function search(event: FormEvent) {
    event.preventDefault();
    update({ q: draft.trim() });
  }

  return (
    <Page title={t('orders.title')}>
      <form className="toolbar" onSubmit={search} role="search">
        <input
          type="search"
          placeholder={t('orders.search')}
          aria-label={t('orders.search')}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          className="toolbar-search"
        />
        <button type="submit" className="btn">
          {t('common.search')}
        </button>
        <label className="toolbar-select">
          {t('orders.decision')}
          <select value={decision} onChange={(e) => update({ decision: e.target.value })}>
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
          <select value={status} onChange={(e) => update({ status: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
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
                <tr key={o.order_id} onClick={() => navigate(`/orders/${encodeURIComponent(o.order_id)}`)}>
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
      {orders.data && <Pager page={page} hasNext={orders.data.items.length === PAGE} onPage={(p) => update({ page: String(p) })} />}
    </Page>
  );
}
