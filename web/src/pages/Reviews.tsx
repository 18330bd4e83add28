// The review queue (目視審査): filtered and sorted in the browser over one batch, worked with the
// mouse or the keyboard, each decision with a note and undoable for a while.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, call, type Schemas } from '../api/client';
import { useSession } from '../auth';
import { ConsortiumEvidence } from '../components/ConsortiumEvidence';
import { OrderSummary, Reasons, ScoreMeter } from '../components/order-bits';
import { ReviewActions, UndoBar, useContributes, type Decided, type ReviewActionsHandle } from '../components/ReviewActions';
import { Badge, Empty, ErrorMessage, Loading, Notice, Page, Pager } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { dateTime, money } from '../lib/format';
import { filterQueue, reasonCodes, sortQueue, SORTS, type QueueFilter, type QueueSort } from '../lib/queue';
import { useResource } from '../lib/useResource';
import { useLivemode } from '../lib/mode';
import { reasonLabel } from '../lib/reasons';
import { LinkedOrders } from '../components/LinkedOrders';

const PAGE = 20;
/** The API's largest page: the queue is filtered and sorted over this many. */
const BATCH = 200;

const SHORTCUTS: [string, Parameters<ReturnType<typeof useI18n>['t']>[0]][] = [
  ['j / ↓', 'reviews.keys.next'],
  ['k / ↑', 'reviews.keys.previous'],
  ['a', 'reviews.keys.accept'],
  ['r', 'reviews.keys.reject'],
  ['h', 'reviews.keys.hold'],
  ['n', 'reviews.keys.note'],
  ['o / Enter', 'reviews.keys.open'],
  ['u', 'reviews.keys.undo'],
];

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function Reviews() {
  const { t, lang } = useI18n();
  const session = useSession();
  const navigate = useNavigate();
  const canDecide = session.role === 'owner' || session.role === 'reviewer';
  const contributes = useContributes();
  const [page, setPage] = useState(0);
  const livemode = useLivemode();
  const [sort, setSort] = useState<QueueSort>('age');
  const [filter, setFilter] = useState<QueueFilter>({ reason: '', minScore: 0, status: '' });
  // The server sorts and filters by reason over the whole queue; the batch it returns is then
  // narrowed here (score, status) and sorted by strongest reason when asked.
  const queue = useResource(
    () =>
      call(
        api.GET('/v1/reviews', {
          params: {
            query: { limit: BATCH, offset: 0, sort: sort === 'reason' ? 'score' : sort, reason: filter.reason || undefined, livemode },
          },
        }),
      ),
    [sort, filter.reason, livemode],
  );
  const [unfiltered, setUnfiltered] = useState<Schemas['OrderView'][]>([]);
  const [selected, setSelected] = useState(0);
  const [decided, setDecided] = useState<Decided>();
  const [linked, setLinked] = useState<string>();
  const actions = useRef(new Map<string, ReviewActionsHandle>());

  const items = queue.data?.items;
  const shown = useMemo(() => sortQueue(filterQueue(items ?? [], filter), sort), [items, filter, sort]);
  // The reason choices come from the unfiltered queue, so that choosing one keeps the others.
  useEffect(() => {
    if (items && !filter.reason) setUnfiltered(items);
  }, [items, filter.reason]);
  const codes = useMemo(() => reasonCodes(unfiltered), [unfiltered]);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE));
  const onPage = shown.slice(page * PAGE, (page + 1) * PAGE);
  const current = onPage[Math.min(selected, onPage.length - 1)];

  useEffect(() => {
    if (page >= pages) setPage(pages - 1);
  }, [page, pages]);

  function onDecided(done: Decided) {
    setDecided(done);
    if (!queue.data) return;
    if (done.decision === 'hold') {
      queue.setData({ ...queue.data, items: queue.data.items.map((o) => (o.order_id === done.order.order_id ? done.order : o)) });
    } else {
      const rest = queue.data.items.filter((o) => o.order_id !== done.order.order_id);
      queue.setData({ items: rest, total: Math.max(0, queue.data.total - 1) });
    }
  }

  const undone = useCallback(() => {
    setDecided(undefined);
    queue.reload();
  }, [queue]);
  const expired = useCallback(() => setDecided(undefined), []);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.metaKey || event.ctrlKey || event.altKey || typing(event.target) || document.querySelector('dialog[open]')) return;
      // Enter on a focused button or link is that control's own.
      if (event.key === 'Enter' && (event.target as HTMLElement | null)?.closest('button, a, summary')) return;
      const handle = current ? actions.current.get(current.order_id) : undefined;
      switch (event.key) {
        case 'j':
        case 'ArrowDown':
          setSelected((i) => Math.min(i + 1, onPage.length - 1));
          break;
        case 'k':
        case 'ArrowUp':
          setSelected((i) => Math.max(i - 1, 0));
          break;
        case 'a':
          if (canDecide) handle?.decide('accept');
          break;
        case 'r':
          if (canDecide) handle?.decide('reject');
          break;
        case 'h':
          if (canDecide) handle?.decide('hold');
          break;
        case 'n':
          handle?.focusNote();
          break;
        case 'o':
        case 'Enter':
          if (current) navigate(`/orders/${encodeURIComponent(current.order_id)}`);
          break;
        case 'u':
          document.querySelector<HTMLButtonElement>('[data-testid=review-undo]')?.click();
          break;
        default:
          return;
      }
      event.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [current, onPage.length, canDecide, navigate]);

  useEffect(() => {
    document.querySelector('.review-item.selected')?.scrollIntoView({ block: 'nearest' });
  }, [selected, page]);

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
      {decided && <UndoBar key={decided.order.order_id + decided.decision} decided={decided} onUndone={undone} onExpired={expired} />}
      <div className="toolbar queue-toolbar" data-testid="queue-toolbar">
        <label className="toolbar-select">
          {t('reviews.sortBy')}
          <select value={sort} onChange={(e) => setSort(e.target.value as QueueSort)} data-testid="queue-sort">
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`reviews.sort.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="toolbar-select">
          {t('reviews.reasons')}
          <select value={filter.reason} onChange={(e) => setFilter({ ...filter, reason: e.target.value })} data-testid="queue-reason">
            <option value="">{t('common.all')}</option>
            {codes.map((c) => (
              <option key={c} value={c}>
                {reasonLabel(lang, unfiltered, c)}
              </option>
            ))}
          </select>
        </label>
        <label className="toolbar-select">
          {t('reviews.minScore')}
          <input
            type="number"
            min={0}
            max={100}
            value={filter.minScore}
            onChange={(e) => setFilter({ ...filter, minScore: Math.max(0, Math.min(100, Number(e.target.value) || 0)) })}
            className="input-narrow"
            data-testid="queue-min-score"
          />
        </label>
        <label className="toolbar-select">
          {t('orders.status')}
          <select value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value as QueueFilter['status'] })}>
            <option value="">{t('common.all')}</option>
            <option value="in_review">{t('status.in_review')}</option>
            <option value="held">{t('status.held')}</option>
          </select>
        </label>
        {queue.data && (
          <span className="muted" data-testid="queue-shown">
            {t('reviews.shown', { shown: shown.length, total: queue.data.total })}
          </span>
        )}
      </div>
      <details className="shortcuts" data-testid="shortcuts">
        <summary>⌨ {t('reviews.keys.title')}</summary>
        <dl>
          {SHORTCUTS.map(([keys, label]) => (
            <div key={keys}>
              <dt>
                <kbd>{keys}</kbd>
              </dt>
              <dd>{t(label)}</dd>
            </div>
          ))}
        </dl>
      </details>
      {queue.loading && !queue.data ? (
        <Loading />
      ) : queue.error ? (
        <ErrorMessage error={queue.error} onRetry={queue.reload} />
      ) : onPage.length > 0 ? (
        <div className="review-list" data-testid="review-list">
          {onPage.map((order, index) => (
            <article
              className={`review-item card ${current?.order_id === order.order_id ? 'selected' : ''}`}
              key={order.order_id}
              data-testid="review-item"
              data-order={order.merchant_order_id}
              onClick={() => setSelected(index)}
            >
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
                    <ConsortiumEvidence reasons={order.reasons} compact />
                  </div>
                  <div className="review-summary">
                    <OrderSummary summary={order.summary} compact />
                    <button
                      type="button"
                      className="btn btn-small btn-ghost"
                      aria-expanded={linked === order.order_id}
                      onClick={(e) => {
                        e.stopPropagation();
                        setLinked(linked === order.order_id ? undefined : order.order_id);
                      }}
                      data-testid="queue-linked"
                    >
                      {linked === order.order_id ? '▾' : '▸'} {t('related.show')}
                    </button>
                  </div>
                </div>
                {linked === order.order_id && <LinkedOrders orderId={order.order_id} />}
              </div>
              {canDecide && (
                <ReviewActions
                  ref={(handle) => {
                    if (handle) actions.current.set(order.order_id, handle);
                    else actions.current.delete(order.order_id);
                  }}
                  order={order}
                  contributes={contributes}
                  onDecided={onDecided}
                  compact
                />
              )}
            </article>
          ))}
        </div>
      ) : (
        <Empty>{t('reviews.empty')}</Empty>
      )}
      {queue.data && <Pager page={page} hasNext={page + 1 < pages} pages={pages} onPage={setPage} />}
    </Page>
  );
}
