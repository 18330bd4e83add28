import { useState } from 'react';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../api/client';
import { useSession } from '../auth';
import { OrderSummary, Reasons, ScoreMeter } from '../components/order-bits';
import { Badge, Empty, ErrorMessage, Loading, Notice, Page, Pager } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { dateTime, money } from '../lib/format';
import { useAction, useResource } from '../lib/useResource';
import { useLivemode } from '../lib/mode';

const PAGE = 20;
type Decision = Schemas['ReviewDecision'];

export function Reviews() {
  const { t, lang } = useI18n();
  const session = useSession();
  const canDecide = session.role === 'owner' || session.role === 'reviewer';
  const [page, setPage] = useState(0);
  const livemode = useLivemode();
  const queue = useResource(() => call(api.GET('/v1/reviews', { params: { query: { limit: PAGE, offset: page * PAGE, livemode } } })), [page, livemode]);
  const action = useAction();
  const [working, setWorking] = useState<string>();
  const [done, setDone] = useState<string>();

  async function decide(order: Schemas['OrderView'], decision: Decision, confirmedFraud = true) {
    setWorking(order.order_id);
    setDone(undefined);
    const result = await action.run(() =>
      call(
        api.POST('/v1/reviews/{order_id}', {
          params: { path: { order_id: order.order_id } },
          body: { decision, confirmed_fraud: decision === 'reject' ? confirmedFraud : undefined },
        }),
      ),
    );
    setWorking(undefined);
    if (!result || !queue.data) return;
    setDone(t('reviews.decided', { order: order.merchant_order_id, decision: t(`decision.${decision}`) }));
    if (decision === 'hold') {
      // A held order stays in the queue, marked as held.
      queue.setData({ ...queue.data, items: queue.data.items.map((o) => (o.order_id === order.order_id ? result.order : o)) });
    } else {
      const items = queue.data.items.filter((o) => o.order_id !== order.order_id);
      queue.setData({ items, total: Math.max(0, queue.data.total - 1) });
      if (items.length === 0) queue.reload();
    }
  }

  const total = queue.data?.total;
  return (
    <Page
      title={t('reviews.title')}
      intro={t('reviews.intro')}
      actions={
        <>
          {total !== undefined && (
            <Badge tone={total > 0 ? 'warn' : 'good'}>
              <span data-testid="review-total">{t('reviews.waiting', { n: total })}</span>
            </Badge>
          )}
          <button type="button" className="btn btn-small" onClick={queue.reload}>
            ↻ {t('common.refresh')}
          </button>
        </>
      }
    >
      {!canDecide && <Notice tone="info">{t('reviews.readOnly')}</Notice>}
      {done && <Notice>{done}</Notice>}
      <ErrorMessage error={action.error} />
      {queue.loading && !queue.data ? (
        <Loading />
      ) : queue.error ? (
        <ErrorMessage error={queue.error} onRetry={queue.reload} />
      ) : queue.data && queue.data.items.length > 0 ? (
        <div className="review-list" data-testid="review-list">
          {queue.data.items.map((order) => (
            <article className="review-item card" key={order.order_id} data-testid="review-item" data-order={order.merchant_order_id}>
              <div className="review-main">
                <div className="review-head">
                  <Link to={`/orders/${encodeURIComponent(order.order_id)}`} className="review-order">
                    {order.merchant_order_id}
                  </Link>
                  {order.status === 'held' && <Badge tone="warn">{t('reviews.held')}</Badge>}
                  <span className="review-amount">{money(lang, order.amount_minor, order.currency)}</span>
                  <span className="muted">{order.payment_method}</span>
                  <span className="muted">{dateTime(lang, order.ordered_at)}</span>
                </div>
                <div className="review-body">
                  <div className="review-score">
                    <div className="field-label">{t('reviews.score')}</div>
                    <ScoreMeter score={order.score} />
                  </div>
                  <div className="review-reasons">
                    <div className="field-label">{t('reviews.reasons')}</div>
                    <Reasons reasons={order.reasons} />
                  </div>
                  <div className="review-summary">
                    <OrderSummary summary={order.summary} compact />
                  </div>
                </div>
              </div>
              {canDecide && (
                <div className="review-actions">
                  <button
                    type="button"
                    className="btn btn-good"
                    disabled={working !== undefined}
                    onClick={() => decide(order, 'accept')}
                    data-testid="review-accept"
                  >
                    ✓ {t('reviews.accept')}
                  </button>
                  <button
                    type="button"
                    className="btn btn-bad"
                    disabled={working !== undefined}
                    onClick={() => decide(order, 'reject')}
                    data-testid="review-reject"
                  >
                    ✕ {t('reviews.reject')}
                  </button>
                  <button
                    type="button"
                    className="btn"
                    disabled={working !== undefined || order.status === 'held'}
                    onClick={() => decide(order, 'hold')}
                    data-testid="review-hold"
                  >
                    ❚❚ {t('reviews.hold')}
                  </button>
                  <button
                    type="button"
                    className="btn btn-link btn-small"
                    disabled={working !== undefined}
                    onClick={() => decide(order, 'reject', false)}
                  >
                    {t('reviews.notFraud')}
                  </button>
                </div>
              )}
            </article>
          ))}
        </div>
      ) : (
        <Empty>{t('reviews.empty')}</Empty>
      )}
      {queue.data && (
        <Pager page={page} hasNext={(page + 1) * PAGE < queue.data.total} pages={Math.max(1, Math.ceil(queue.data.total / PAGE))} onPage={setPage} />
      )}
    </Page>
  );
}
