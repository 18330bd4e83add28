import { Link, useParams } from 'react-router';
import { api, call } from '../api/client';
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
  const actor = useActorNames(useSession().role === 'owner');
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
          <div className="grid grid-2">
            <Card title={t('orders.reasons')}>
              <Reasons reasons={o.reasons} />
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
            <Card title={t('orders.summary')}>
              <OrderSummary summary={o.summary} />
              {o.reviewed_by && (
                <p className="muted">
                  {t('orders.reviewedBy')}: {actor(o.reviewed_by)} · {dateTime(lang, o.reviewed_at)}
                  {o.review_note ? ` · ${o.review_note}` : ''}
                </p>
              )}
            </Card>
          </div>
          <div className="grid grid-2">
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
                          <code className="json-inline">{JSON.stringify(e.details)}</code>
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
