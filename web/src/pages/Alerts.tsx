// Attack alerts: card testing and login attacks, each on one source. While an alert is open it
// rejects the source's card attempts (card testing) and weighs on the source's orders and
// payments; acknowledging or resolving it ends that at once.
import { useState } from 'react';
import { api, call, type Schemas } from '../api/client';
import { useSession } from '../auth';
import { Badge, Card, Empty, ErrorMessage, Loading, Page, type Tone } from '../components/ui';
import type { Key } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';
import { dateTime, percent } from '../lib/format';
import { useAction, useResource } from '../lib/useResource';
import { useLivemode } from '../lib/mode';

type Alert = Schemas['AlertView'];

const STATUS_TONE: Record<Alert['status'], Tone> = {
  open: 'bad',
  acknowledged: 'info',
  resolved: 'good',
  expired: 'neutral',
};

export function Alerts() {
  const { t, lang } = useI18n();
  const session = useSession();
  const canAct = session.role !== 'analyst';
  const [activeOnly, setActiveOnly] = useState(false);
  const livemode = useLivemode();
  const alerts = useResource(() => call(api.GET('/v1/alerts', { params: { query: { active: activeOnly, livemode } } })), [activeOnly, livemode]);
  const act = useAction();

  async function handle(alert: Alert, action: 'acknowledge' | 'resolve') {
    const path = action === 'acknowledge' ? '/v1/alerts/{id}/acknowledge' : '/v1/alerts/{id}/resolve';
    const done = await act.run(() => call(api.POST(path, { params: { path: { id: alert.id } } })));
    if (done) alerts.reload();
  }

  return (
    <Page title={t('alerts.title')} intro={t('alerts.intro')}>
      <Card
        actions={
          <label className="inline-check">
            <input type="checkbox" checked={activeOnly} onChange={(e) => setActiveOnly(e.target.checked)} /> {t('alerts.activeOnly')}
          </label>
        }
      >
        <ErrorMessage error={act.error} />
        {alerts.loading && !alerts.data ? (
          <Loading />
        ) : alerts.error ? (
          <ErrorMessage error={alerts.error} onRetry={alerts.reload} />
        ) : alerts.data && alerts.data.items.length > 0 ? (
          <div className="table-wrap table-scroll">
            <table className="table table-compact" data-testid="alerts">
              <thead>
                <tr>
                  <th>{t('alerts.kind')}</th>
                  <th>{t('alerts.source')}</th>
                  <th className="num">{t('alerts.failures')}</th>
                  <th>{t('alerts.detectedAt')}</th>
                  <th>{t('alerts.status')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {alerts.data.items.map((a) => (
                  <tr key={a.id} data-testid={`alert-${a.id}`}>
                    <td>{t(`alerts.kind.${a.kind}` as Key)}</td>
                    <td>
                      <span className="muted">{t(`alerts.sourceKind.${a.source_kind}` as Key)}</span> <code>{a.source}</code>
                    </td>
                    <td className="num">
                      {a.failures} / {a.attempts} ({percent(lang, a.failure_rate, 0)}, {a.window})
                    </td>
                    <td>{dateTime(lang, a.detected_at)}</td>
                    <td>
                      <Badge tone={STATUS_TONE[a.status]}>{t(`alerts.status.${a.status}` as Key)}</Badge>
                    </td>
                    <td className="actions">
                      {canAct && a.status === 'open' && (
                        <button type="button" className="btn btn-small btn-ghost" disabled={act.busy} onClick={() => handle(a, 'acknowledge')}>
                          {t('alerts.acknowledge')}
                        </button>
                      )}
                      {canAct && (a.status === 'open' || a.status === 'acknowledged') && (
                        <button type="button" className="btn btn-small" disabled={act.busy} onClick={() => handle(a, 'resolve')}>
                          {t('alerts.resolve')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <Empty>{t('alerts.none')}</Empty>
        )}
      </Card>
    </Page>
  );
}
