import { useState, type FormEvent } from 'react';
import { api, call, type Schemas } from '../api/client';
import { useSession } from '../auth';
import { Link } from 'react-router';
import { analytics, paths, type ApprovalGrouping, type WarningLevel } from '../api/analytics';
import { ApprovalTrendChart, COLORS, ExposureGauge, HorizontalBars, MonthlyExposureChart, warningColor } from '../components/charts';
import { Badge, Card, CsvButton, Empty, ErrorMessage, Field, Loading, Page, Stat, isKey, type Tone } from '../components/ui';
import type { Key } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';
import { daysAgo, duration, money, number, percent } from '../lib/format';
import { useAction, useResource } from '../lib/useResource';

const THRESHOLD_FALLBACK = 500_000; // ¥500,000: JPY has no minor unit

function levelTone(level: WarningLevel | undefined): Tone {
  switch (level) {
    case 'critical':
    case 'warning':
      return 'bad';
    case 'watch':
      return 'warn';
    default:
      return 'good';
  }
}

export function WarningBadge({ level }: { level: WarningLevel | undefined }) {
  const { t } = useI18n();
  const key = `overview.warning.${level ?? 'none'}` as Key;
  return <Badge tone={levelTone(level)}>{isKey(key) ? t(key) : level}</Badge>;
}

const PERIODS = [7, 30, 90];

/** Owners set the monthly threshold their acquirer applies (¥500,000 by default). */
function ThresholdEditor({ current, onSaved }: { current: number; onSaved: () => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [amount, setAmount] = useState(String(current));
  const { busy, error, run } = useAction();
  async function submit(event: FormEvent) {
    event.preventDefault();
    const ok = await run(async () => {
      await call(api.PUT('/v1/analytics/fraud-exposure/threshold', { body: { currency: 'JPY', monthly_amount: Number(amount) } }));
      return true;
    });
    if (ok) {
      setOpen(false);
      onSaved();
    }
  }
  if (!open) {
    return (
      <button type="button" className="btn btn-link btn-small" onClick={() => { setAmount(String(current)); setOpen(true); }}>
        {t('overview.changeThreshold')}
      </button>
    );
  }
  return (
    <form className="form-inline" onSubmit={submit}>
      <Field label={t('overview.thresholdAmount')}>
        <input type="number" min={1} step={1} required value={amount} onChange={(e) => setAmount(e.target.value)} />
      </Field>
      <button type="submit" className="btn btn-small btn-primary" disabled={busy}>
        {t('common.save')}
      </button>
      <button type="button" className="btn btn-small" onClick={() => setOpen(false)}>
        {t('common.cancel')}
      </button>
      <ErrorMessage error={error} />
    </form>
  );
}

/** What this month's figure consists of, and the losses outside it. */
function ExposureBreakdown({ month }: { month: Schemas['ExposureMonth'] }) {
  const { t, lang } = useI18n();
  const rows: [Key, number, number | undefined][] = [
    ['overview.breakdown.chargebacks', month.breakdown.chargebacks.amount, month.breakdown.chargebacks.count],
    ['overview.breakdown.manualReports', month.breakdown.manual_reports.amount, month.breakdown.manual_reports.count],
  ];
  const outside: [Key, number][] = [
    ['overview.breakdown.unpaid', month.unpaid_amount],
    ['overview.breakdown.neverCharged', month.never_charged_amount],
    ['overview.breakdown.other', month.other_amount],
  ];
  return (
    <table className="table table-compact" data-testid="exposure-breakdown">
      <tbody>
        {rows.map(([label, amount, count]) => (
          <tr key={label}>
            <th scope="row">{t(label)}</th>
            <td className="num">{money(lang, amount)}</td>
            <td className="num muted">{count !== undefined ? t('overview.breakdown.count', { n: count }) : ''}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">{t('overview.breakdown.total')}</th>
          <td className="num">
            <strong>{money(lang, month.card_fraud_amount)}</strong>
          </td>
          <td />
        </tr>
        {outside.map(([label, amount]) => (
          <tr key={label} className="muted">
            <th scope="row">{t(label)}</th>
            <td className="num">{money(lang, amount)}</td>
            <td className="num">{t('overview.breakdown.outside')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Overview() {
  const { t, lang } = useI18n();
  const owner = useSession().role === 'owner';
  const [days, setDays] = useState(30);
  const [groupBy, setGroupBy] = useState<ApprovalGrouping>('brand');
  const period = { from: daysAgo(days) };
  const overview = useResource(() => analytics.overview(), []);
  const trend = useResource(() => analytics.approvalRate({ ...period, group_by: 'day' }), [days]);
  const exposure = useResource(() => analytics.fraudExposure(12), []);
  const grouped = useResource(() => analytics.approvalRate({ ...period, group_by: groupBy }), [days, groupBy]);
  const workload = useResource(() => analytics.workload(period), [days]);
  const accuracy = useResource(() => analytics.accuracy(period), [days]);
  const consortium = useResource(() => analytics.consortium(period), [days]);

  const o = overview.data;
  const threshold = exposure.data?.threshold_minor ?? o?.threshold_minor ?? THRESHOLD_FALLBACK;
  const level = exposure.data?.warning_level ?? o?.warning_level;
  const latest = exposure.data?.months.at(-1);
  const thisMonth = latest?.card_fraud_amount ?? latest?.fraud_minor ?? o?.fraud_exposure_month_minor ?? 0;

  return (
    <Page
      title={t('overview.title')}
      actions={
        <div className="segmented" role="group" aria-label={t('overview.period')}>
          {PERIODS.map((n) => (
            <button key={n} type="button" className={n === days ? 'active' : ''} aria-pressed={n === days} onClick={() => setDays(n)}>
              {t('common.days', { n })}
            </button>
          ))}
        </div>
      }
    >
      <ErrorMessage error={overview.error} onRetry={overview.reload} />
      <div className="stats-row" data-testid="overview-stats">
        <div className="stat stat-split">
          <div className="stat-label">{t('overview.today')}</div>
          <div className="split">
            <div>
              <span className="split-value" style={{ color: COLORS.good }} data-testid="today-accept">
                {o ? number(lang, o.today.accept) : '—'}
              </span>
              <span className="split-label">{t('decision.accept')}</span>
            </div>
            <div>
              <span className="split-value" style={{ color: COLORS.warn }} data-testid="today-review">
                {o ? number(lang, o.today.review) : '—'}
              </span>
              <span className="split-label">{t('decision.review')}</span>
            </div>
            <div>
              <span className="split-value" style={{ color: COLORS.bad }} data-testid="today-reject">
                {o ? number(lang, o.today.reject) : '—'}
              </span>
              <span className="split-label">{t('decision.reject')}</span>
            </div>
          </div>
        </div>
        <Stat
          label={t('overview.queue')}
          value={<span data-testid="queue-size">{o ? number(lang, o.queue_size) : '—'}</span>}
          sub={<Link to="/reviews">{t('overview.queueLink')} →</Link>}
          tone={o && o.queue_size > 0 ? 'warn' : undefined}
        />
        <Stat label={t('overview.approval30d')} value={o ? percent(lang, o.approval_rate_30d) : '—'} />
        <Stat
          label={t('overview.exposureMonth')}
          value={o || exposure.data ? money(lang, thisMonth) : '—'}
          sub={<WarningBadge level={level} />}
        />
      </div>

      <div className="grid grid-2-1">
        <Card title={t('overview.approvalTrend')} actions={<CsvButton path={paths.approvalRate({ ...period, group_by: 'day' })} name="approval-rate" />}>
          <p className="card-hint">{t('overview.approvalTrendHint')}</p>
          {trend.loading && !trend.data ? (
            <Loading />
          ) : trend.error ? (
            <ErrorMessage error={trend.error} onRetry={trend.reload} />
          ) : trend.data && trend.data.rows.length > 0 ? (
            <>
              <ApprovalTrendChart rows={trend.data.rows} height={230} />
              <div className="chart-foot">
                {t('overview.attempts')}: <strong>{number(lang, trend.data.total.attempts)}</strong> · {t('overview.approvalRate')}:{' '}
                <strong>{percent(lang, trend.data.total.approval_rate)}</strong> · {t('overview.stopped')}:{' '}
                <strong>{number(lang, trend.data.total.stopped)}</strong>
              </div>
            </>
          ) : (
            <Empty>{t('overview.noData')}</Empty>
          )}
        </Card>
        <Card title={t('overview.exposure')} actions={<CsvButton path={paths.fraudExposure(12)} name="fraud-exposure" />}>
          {exposure.loading && !exposure.data ? (
            <Loading />
          ) : exposure.error ? (
            <ErrorMessage error={exposure.error} onRetry={exposure.reload} />
          ) : exposure.data ? (
            <div data-testid="exposure">
              <ExposureGauge amountMinor={thisMonth} thresholdMinor={threshold} level={level} />
              <div className="gauge-caption">{t('overview.exposureOfThreshold', { amount: money(lang, thisMonth), threshold: money(lang, threshold) })}</div>
              <div className="pips" aria-label={t('overview.consecutive', { n: exposure.data.consecutive_months_over })}>
                {[0, 1, 2].map((i) => (
                  <span
                    key={i}
                    className="pip"
                    style={{ background: i < exposure.data!.consecutive_months_over ? warningColor(level) : undefined }}
                  />
                ))}
                <span className="pips-label">{t('overview.consecutive', { n: Math.min(3, exposure.data.consecutive_months_over) })}</span>
                <WarningBadge level={level} />
              </div>
              <p className="card-hint">{t('overview.exposureHint', { threshold: money(lang, threshold) })}</p>
              {latest && <ExposureBreakdown month={latest} />}
              {owner && (
                <ThresholdEditor
                  current={threshold}
                  onSaved={() => {
                    exposure.reload();
                    overview.reload();
                  }}
                />
              )}
            </div>
          ) : null}
        </Card>
      </div>

      <div className="grid grid-2">
        <Card title={t('overview.monthlyFraud')}>
          {exposure.data && exposure.data.months.length > 0 ? (
            <MonthlyExposureChart months={exposure.data.months} thresholdMinor={threshold} />
          ) : exposure.loading ? (
            <Loading />
          ) : (
            <Empty>{t('overview.noData')}</Empty>
          )}
        </Card>
        <Card
          title={
            <span className="inline-select">
              {t('overview.byDimension')}{' '}
              <select value={groupBy} onChange={(e) => setGroupBy(e.target.value as ApprovalGrouping)} aria-label={t('overview.byDimension')}>
                {(['brand', 'issuer_country', 'three_ds', 'decision'] as const).map((g) => (
                  <option key={g} value={g}>
                    {t(`overview.group.${g}`)}
                  </option>
                ))}
              </select>
            </span>
          }
          actions={<CsvButton path={paths.approvalRate({ ...period, group_by: groupBy })} name={`approval-rate-${groupBy}`} />}
        >
          {grouped.loading && !grouped.data ? (
            <Loading />
          ) : grouped.error ? (
            <ErrorMessage error={grouped.error} onRetry={grouped.reload} />
          ) : grouped.data && grouped.data.rows.length > 0 ? (
            <HorizontalBars
              testId="chart-approval-grouped"
              labels={grouped.data.rows.map((r) => groupLabel(t, r.key))}
              values={grouped.data.rows.map((r) => r.approval_rate)}
              format={(v) => percent(lang, v)}
              max={1}
            />
          ) : (
            <Empty>{t('overview.noData')}</Empty>
          )}
        </Card>
      </div>

      <div className="grid grid-3">
        <Card title={t('overview.workload')} actions={<CsvButton path={paths.workload(period)} name="workload" />}>
          {workload.error ? (
            <ErrorMessage error={workload.error} />
          ) : workload.data ? (
            <dl className="facts">
              <dt>{t('overview.automaticShare')}</dt>
              <dd>{percent(lang, workload.data.automatic_share)}</dd>
              <dt>{t('overview.queue')}</dt>
              <dd>{number(lang, workload.data.queue_size)}</dd>
              <dt>{t('overview.oldestWaiting')}</dt>
              <dd>{duration(lang, workload.data.oldest_waiting_seconds)}</dd>
              <dt>{t('overview.medianDecision')}</dt>
              <dd>{duration(lang, workload.data.median_seconds_to_decision)}</dd>
            </dl>
          ) : (
            <Loading />
          )}
        </Card>
        <Card title={t('overview.accuracy')} actions={<CsvButton path={paths.accuracy(period)} name="accuracy" />}>
          {accuracy.error ? (
            <ErrorMessage error={accuracy.error} />
          ) : accuracy.data ? (
            <dl className="facts">
              <dt>{t('overview.precision')}</dt>
              <dd>{percent(lang, accuracy.data.precision)}</dd>
              <dt>{t('overview.recall')}</dt>
              <dd>{percent(lang, accuracy.data.recall)}</dd>
              <dt>{t('overview.falsePositiveRate')}</dt>
              <dd>{percent(lang, accuracy.data.false_positive_rate, 2)}</dd>
            </dl>
          ) : (
            <Loading />
          )}
        </Card>
        <Card title={t('overview.consortium')} actions={<CsvButton path={paths.consortium(period)} name="consortium" />}>
          {consortium.error ? (
            <ErrorMessage error={consortium.error} />
          ) : consortium.data ? (
            <dl className="facts">
              <dt>{t('overview.reportsContributed')}</dt>
              <dd>{number(lang, consortium.data.reports_contributed)}</dd>
              <dt>{t('overview.matchedOrders')}</dt>
              <dd>{number(lang, consortium.data.matched_orders)}</dd>
              <dt>{t('overview.stoppedOnlyByConsortium')}</dt>
              <dd>{number(lang, consortium.data.stopped_only_by_consortium)}</dd>
            </dl>
          ) : (
            <Loading />
          )}
        </Card>
      </div>
    </Page>
  );
}

const BRANDS: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  jcb: 'JCB',
  amex: 'American Express',
  diners: 'Diners Club',
  discover: 'Discover',
  unionpay: 'UnionPay',
};

/** Group keys that have a translation (decisions, domestic/foreign, 3-D Secure) are translated; brands get their names. */
function groupLabel(t: (key: Key) => string, key: string): string {
  if (BRANDS[key]) return BRANDS[key];
  const candidates = [`decision.${key}`, `overview.groupKey.${key}`];
  for (const c of candidates) if (isKey(c)) return t(c);
  return key;
}
