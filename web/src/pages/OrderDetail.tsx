import { useCallback, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call } from '../api/client';
import type { CustomerData } from '../api/review';
import { ConsortiumEvidence } from '../components/ConsortiumEvidence';
import { CustomerPanel } from '../components/CustomerPanel';
import { LinkedOrders } from '../components/LinkedOrders';
import { ReviewActions, UndoBar, useContributes, type Decided } from '../components/ReviewActions';
import { OrderSummary, Reasons, ScoreMeter } from '../components/order-bits';
import { Card, DecisionBadge, Empty, ErrorMessage, Loading, Page, StatusBadge } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { dateTime, money } from '../lib/format';
import { useResource } from '../lib/useResource';
import { flatten } from '../lib/flatten';
import { useActorNames } from '../lib/actors';
import { useSession } from '../auth';
import { useLivemode } from '../lib/mode';

export function OrderDetail() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const livemode = useLivemode();
  const order = useResource(() => call(api.GET('/v1/orders/{order_id}', { params: { path: { order_id: id }, query: { livemode } } })), [id, livemode]);
  const o = order.data;
  const session = useSession();
  const actor = useActorNames(session.role === 'owner');
  const canDecide = session.role === 'owner' || session.role === 'reviewer';
  const contributes = useContributes();
  const [decided, setDecided] = useState<Decided>();
  const expired = useCallback(() => setDecided(undefined), []);
  const customer: CustomerData | null | undefined = o?.customer;
  const reviewable = o && (o.status === 'in_review' || o.status === 'held');
  return (
    <Page
      title={t('orders.detail', { id: o?.merchant_order_id ?? id })}
      actions={
        <Link to="/orders" className="btn btn-small">
          ← {t('common.back')}
        </Link>
      }
    >
      {order.loading && !o ? (
        <Loading />
      ) : order.error ? (
        <ErrorMessage error={order.error} onRetry={order.reload} />
      ) : o ? (
        <>
          <div className="detail-head card">
            <div>
              <div className="field-label">{t('orders.amount')}</div>
              <div className="detail-big">{money(lang, o.amount_minor, o.currency)}</div>
            </div>
            <div>
              <div className="field-label">{t('orders.score')}</div>
              <ScoreMeter score={o.score} />
            </div>
            <div>
              <div className="field-label">{t('orders.decision')}</div>
              <DecisionBadge decision={o.decision} />
            </div>
            <div>
              <div className="field-label">{t('orders.status')}</div>
              <StatusBadge status={o.status} />
            </div>
            <div>
              <div className="field-label">{t('orders.orderedAt')}</div>
              {dateTime(lang, o.ordered_at)}
            </div>
            <div>
              <div className="field-label">{t('orders.payment')}</div>
              {o.payment_method}
            </div>
            <div>
              <div className="field-label">{t('orders.threeDs')}</div>
              {o.three_ds}
            </div>
            <div>
              <div className="field-label">{t('orders.policyVersion')}</div>
              {o.policy_version}
            </div>
          </div>
          {decided && (
            <UndoBar
              key={decided.order.order_id + decided.decision}
              decided={decided}
              onUndone={() => {
                setDecided(undefined);
                order.reload();
              }}
              onExpired={expired}
            />
          )}
          {canDecide && reviewable && (
            <Card title={t('review.title')} className="card-review">
              <ReviewActions
                key={o.status}
                order={o}
                contributes={contributes}
                onDecided={(done) => {
                  setDecided(done);
                  order.reload();
                }}
              />
            </Card>
          )}
          <div className="grid grid-2">
            <CustomerPanel customer={customer} masked={o.customer_access !== 'unmasked'} />
            <Card title={t('orders.reasons')}>
              <Reasons reasons={o.reasons} />
              {o.reasons.some((r) => r.code.startsWith('consortium_')) && (
                <>
                  <h3 className="subhead">{t('evidence.title')}</h3>
                  <ConsortiumEvidence reasons={o.reasons} />
                </>
              )}
              {o.shadow_rules.length > 0 && (
                <>
                  <h3 className="subhead">{t('orders.shadowRules')}</h3>
                  <ul className="plain">
                    {o.shadow_rules.map((r) => (
                      <li key={r.id}>
                        <code>{r.id}</code> {r.name}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </Card>
          </div>
          <LinkedOrders orderId={o.order_id} />
          <div className="grid grid-2">
            <Card title={t('orders.summary')}>
              <OrderSummary summary={o.summary} />
              {o.reviewed_by && (
                <p className="muted">
                  {t('orders.reviewedBy')}: {actor(o.reviewed_by)} · {dateTime(lang, o.reviewed_at)}
                  {o.review_note ? ` · ${o.review_note}` : ''}
                </p>
              )}
            </Card>
            <Card title={t('orders.signals')}>
              <div className="table-wrap table-scroll">
                <table className="table table-compact" data-testid="signals">
                  <tbody>
                    {flatten(o.signals).map(([k, v]) => (
                      <tr key={k}>
                        <th scope="row">
                          <code>{k}</code>
                        </th>
                        <td>{v}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </Card>
          </div>
          <div className="grid">
            <Card title={t('orders.events')}>
              {o.events.length === 0 ? (
                <Empty>{t('orders.noEvents')}</Empty>
              ) : (
                <table className="table table-compact" data-testid="events">
                  <thead>
                    <tr>
                      <th>{t('orders.at')}</th>
                      <th>{t('orders.eventType')}</th>
                      <th>{t('orders.actor')}</th>
                      <th>{t('common.details')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {o.events.map((e, i) => (
                      <tr key={i}>
                        <td className="nowrap">{dateTime(lang, e.at)}</td>
                        <td>{e.event_type}</td>
                        <td>{actor(e.actor)}</td>
                        <td>
                          <code className="json-wrap audit-json">{JSON.stringify(e.details)}</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Card>
          </div>
        </>
      ) : null}
    </Page>
  );
}
