import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../api/client';
import { useSession } from '../auth';
import { Card, DecisionBadge, Empty, ErrorMessage, Field, Loading, Notice, Page, Stat } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { dateTime, number } from '../lib/format';
import { checkPolicy, policyText, type PolicyDraft, type SignalInfo } from '../lib/policy';
import { RuleBuilder } from '../components/RuleBuilder';
import { diffLines } from '../lib/diff';
import { useAction, useResource } from '../lib/useResource';
import { useActorNames } from '../lib/actors';

const DECISIONS = ['accept', 'review', 'reject'] as const;

type Report = Schemas['BacktestReport'];

/** The report's per-rule match counts, by rule id. */
export function ruleHits(report: Report): Record<string, number> {
  return Object.fromEntries(report.rule_hits.map((h) => [h.id, h.hits]));
}

function RuleHits({
  rules,
  hits,
  orders,
  shadow,
}: {
  rules: Schemas['Rule'][];
  hits: Record<string, number | undefined>;
  orders: number;
  shadow: Record<string, number>;
}) {
  const { t, lang } = useI18n();
  if (rules.length === 0) return null;
  return (
    <>
      <h3 className="subhead">{t('policy.ruleHits')}</h3>
      <table className="table table-compact" data-testid="rule-hits-table">
        <thead>
          <tr>
            <th>{t('builder.ruleName')}</th>
            <th className="num">{t('policy.matches')}</th>
            <th className="num">{t('policy.share')}</th>
            <th className="num">{t('policy.shadowHits')}</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => {
            const n = hits[r.id];
            return (
              <tr key={r.id} data-rule={r.id}>
                <td>
                  {r.name} <code>{r.id}</code> {r.mode === 'passive' && <span className="muted">({t('builder.passive')})</span>}
                </td>
                <td className="num" data-testid="rule-hit-count">
                  {n === undefined ? '…' : number(lang, n)}
                </td>
                <td className="num">{n === undefined || orders === 0 ? '' : `${number(lang, (100 * n) / orders, 1)}%`}</td>
                <td className="num" data-testid="rule-shadow-count">
                  {r.mode === 'passive' ? number(lang, shadow[r.id] ?? 0) : ''}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="card-hint">{t('policy.ruleHitsHint')}</p>
    </>
  );
}

function BacktestReport({ report }: { report: Report }) {
  const { t, lang } = useI18n();
  return (
    <div data-testid="backtest-report">
      <div className="stats-row">
        <Stat label={t('policy.orders')} value={number(lang, report.orders)} />
        <Stat label={t('policy.changed')} value={number(lang, report.changed)} tone={report.changed > 0 ? 'info' : undefined} />
        <Stat label={t('policy.fraudNewlyStopped')} value={number(lang, report.fraud_newly_stopped)} tone={report.fraud_newly_stopped > 0 ? 'good' : undefined} />
        <Stat label={t('policy.fraudNewlyAccepted')} value={number(lang, report.fraud_newly_accepted)} tone={report.fraud_newly_accepted > 0 ? 'bad' : undefined} />
      </div>
      <div className="backtest-tables">
        <table className="table table-compact">
          <thead>
            <tr>
              <th />
              {DECISIONS.map((d) => (
                <th key={d} className="num">
                  <DecisionBadge decision={d} />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {(['before', 'after'] as const).map((when) => (
              <tr key={when}>
                <th scope="row">{t(`policy.${when}`)}</th>
                {DECISIONS.map((d) => (
                  <td key={d} className="num">
                    {number(lang, report[when][d] ?? 0)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {Object.keys(report.transitions).length > 0 && <table className="table table-compact">
          <thead>
            <tr>
              <th>{t('policy.transitions')}</th>
              <th className="num">{t('policy.orders')}</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(report.transitions).map(([k, n]) => (
              <tr key={k}>
                <td>{k}</td>
                <td className="num">{number(lang, n)}</td>
              </tr>
            ))}
          </tbody>
        </table>}
      </div>
      {report.changed_orders.length > 0 && (
        <>
          <h3 className="subhead">{t('policy.changedOrders')}</h3>
          <div className="table-wrap table-scroll">
            <table className="table table-compact">
              <thead>
                <tr>
                  <th>{t('orders.order')}</th>
                  <th>{t('policy.before')}</th>
                  <th>{t('policy.after')}</th>
                  <th>{t('policy.confirmedFraud')}</th>
                </tr>
              </thead>
              <tbody>
                {report.changed_orders.map((o) => (
                  <tr key={o.order_id}>
                    <td>
                      <Link to={`/orders/${o.order_id}`}>{o.merchant_order_id}</Link>
                    </td>
                    <td>
                      <DecisionBadge decision={o.from} />
                    </td>
                    <td>
                      <DecisionBadge decision={o.to} />
                    </td>
                    <td>{o.confirmed_fraud ? t('common.yes') : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}

export function Policy() {
  const { t, lang } = useI18n();
  const session = useSession();
  const owner = session.role === 'owner';
  const current = useResource(() => call(api.GET('/v1/policy')), []);
  const versions = useResource(() => call(api.GET('/v1/policy/versions')), []);
  const signals = useResource(() => call(api.GET('/v1/policy/signals')) as Promise<SignalInfo[]>, []);
  // What the passive rules recorded on the orders of the last 30 days.
  const shadow = useResource(() => call(api.GET('/v1/policy/shadow-hits', { params: { query: { days: 30 } } })), []);
  const [text, setText] = useState('');
  const [days, setDays] = useState(90);
  const [saved, setSaved] = useState<number>();
  const save = useAction();
  const backtest = useAction();
  const [report, setReport] = useState<Report>();
  const [hits, setHits] = useState<Record<string, number | undefined>>({});
  const [tab, setTab] = useState<'form' | 'json'>('form');
  const [compare, setCompare] = useState<[number, number] | null>(null);
  const actor = useActorNames(owner);

  useEffect(() => {
    if (current.data) setText(policyText(current.data));
  }, [current.data]);

  const check = useMemo(() => (text ? checkPolicy(text, signals.data) : null), [text, signals.data]);

  async function savePolicy() {
    if (!check?.ok) return;
    setSaved(undefined);
    const stored = await save.run(() => call(api.PUT('/v1/policy', { body: check.policy })));
    if (stored) {
      setSaved(stored.version);
      current.setData(stored);
      versions.reload();
    }
  }

  async function runBacktest() {
    if (!check?.ok) return;
    setReport(undefined);
    setHits({});
    const candidate = check.policy;
    const result = await backtest.run(() => call(api.POST('/v1/policy/backtest', { body: { ...candidate, days } })));
    if (!result) return;
    setReport(result);
    setHits(ruleHits(result));
  }

  const draft = useMemo<PolicyDraft | null>(() => {
    try {
      const p = JSON.parse(text) as PolicyDraft;
      return p && typeof p === 'object' && typeof p.review_at === 'number' && typeof p.reject_at === 'number' && (p.rules === undefined || Array.isArray(p.rules))
        ? p
        : null;
    } catch {
      return null;
    }
  }, [text]);

  return (
    <Page title={t('policy.title')} intro={t('policy.intro')}>
      {current.loading && !current.data ? (
        <Loading />
      ) : current.error ? (
        <ErrorMessage error={current.error} onRetry={current.reload} />
      ) : current.data ? (
        <div className="grid grid-1-1">
          <Card
            title={
              <>
                {t('policy.editor')} ·{' '}
                <span className="muted">{current.data.version === 0 ? t('policy.defaultVersion') : t('policy.version', { version: current.data.version })}</span>
              </>
            }
          >
            {!owner && <Notice tone="info">{t('policy.ownerOnly')}</Notice>}
            <div className="tabs" role="tablist">
              {(['form', 'json'] as const).map((k) => (
                <button key={k} type="button" role="tab" aria-selected={tab === k} className={`tab ${tab === k ? 'active' : ''}`} onClick={() => setTab(k)} data-testid={`policy-tab-${k}`}>
                  {t(k === 'form' ? 'builder.tabForm' : 'builder.tabJson')}
                </button>
              ))}
            </div>
            {tab === 'form' ? (
              draft && signals.data ? (
                <RuleBuilder
                  policy={draft}
                  signals={signals.data}
                  hits={hits}
                  onChange={(next) => setText(JSON.stringify(next, null, 2))}
                />
              ) : signals.error ? (
                <ErrorMessage error={signals.error} />
              ) : draft ? (
                <Loading />
              ) : (
                <p className="muted">{t('builder.fixJson')}</p>
              )
            ) : (
              <textarea
                className="code-editor"
                spellCheck={false}
                value={text}
                onChange={(e) => setText(e.target.value)}
                aria-label={t('policy.editor')}
                data-testid="policy-editor"
                rows={18}
              />
            )}
            <div className={`validation ${check?.ok ? 'validation-ok' : 'validation-bad'}`} data-testid="policy-validation" role="status">
              {check === null ? '' : check.ok ? `✓ ${t('policy.valid')}` : `✕ ${t(check.problem, check.vars)}`}
            </div>
            <ErrorMessage error={save.error} />
            {saved !== undefined && <Notice>{t('policy.saved', { version: saved })}</Notice>}
            {owner && (
              <button type="button" className="btn btn-primary" disabled={!check?.ok || save.busy} onClick={savePolicy}>
                {save.busy ? t('common.saving') : t('policy.save')}
              </button>
            )}
            {signals.data && (
              <details className="signal-list" data-testid="policy-signals">
                <summary>{t('policy.signals')}</summary>
                <p className="card-hint">{t('policy.signalsHint')}</p>
                <div className="table-wrap table-scroll">
                  <table className="table table-compact">
                    <tbody>
                      {signals.data.map((s) => (
                        <tr key={s.name}>
                          <td>
                            <code>{s.name}</code>
                          </td>
                          <td className="muted">{s.type}</td>
                          <td>{lang === 'ja' ? s.description_ja : s.description}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </details>
            )}
          </Card>
          <Card title={t('policy.backtest')}>
            <p className="card-hint">{t('policy.backtestIntro')}</p>
            <div className="form-inline">
              <Field label={t('policy.days')}>
                <input type="number" min={1} max={365} value={days} onChange={(e) => setDays(Number(e.target.value) || 90)} />
              </Field>
              <button type="button" className="btn btn-primary" disabled={!check?.ok || backtest.busy} onClick={runBacktest} data-testid="run-backtest">
                {backtest.busy ? t('policy.running') : t('policy.run')}
              </button>
            </div>
            <ErrorMessage error={backtest.error} />
            {report && <BacktestReport report={report} />}
            {report && check?.ok && <RuleHits
                rules={check.policy.rules ?? []}
                hits={hits}
                orders={report.orders}
                shadow={Object.fromEntries((shadow.data?.rules ?? []).map((h) => [h.id, h.hits]))}
              />}
          </Card>
        </div>
      ) : null}
      <Card title={t('policy.history')}>
        {versions.error ? (
          <ErrorMessage error={versions.error} />
        ) : versions.data && versions.data.length > 0 ? (
          <div className="table-wrap table-scroll">
            <table className="table table-compact">
              <thead>
                <tr>
                  <th>#</th>
                  <th className="num">{t('policy.reviewAt')}</th>
                  <th className="num">{t('policy.rejectAt')}</th>
                  <th className="num">{t('policy.rules')}</th>
                  <th>{t('policy.createdBy')}</th>
                  <th>{t('common.createdAt')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {versions.data.map((v) => (
                  <tr key={v.version}>
                    <td>{v.version}</td>
                    <td className="num">{v.review_at}</td>
                    <td className="num">{v.reject_at}</td>
                    <td className="num">{number(lang, v.rules.length)}</td>
                    <td>{actor(v.created_by)}</td>
                    <td>{dateTime(lang, v.created_at)}</td>
                    <td className="actions">
                      <button type="button" className="btn btn-small btn-ghost" onClick={() => setText(policyText(v))}>
                        {t('policy.load')}
                      </button>
                      {versions.data && versions.data.some((x) => x.version < v.version) && (
                        <button
                          type="button"
                          className="btn btn-small btn-ghost"
                          onClick={() => setCompare([Math.max(...versions.data!.filter((x) => x.version < v.version).map((x) => x.version)), v.version])}
                          data-testid="policy-diff-button"
                        >
                          {t('policy.diffPrevious')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : versions.loading ? (
          <Loading />
        ) : (
          <Empty>{t('policy.noVersions')}</Empty>
        )}
        {versions.data && versions.data.length > 1 && <VersionDiff versions={versions.data} compare={compare} onCompare={setCompare} />}
      </Card>
    </Page>
  );
}

function VersionDiff({
  versions,
  compare,
  onCompare,
}: {
  versions: Schemas['PolicyView'][];
  compare: [number, number] | null;
  onCompare: (c: [number, number]) => void;
}) {
  const { t } = useI18n();
  const sorted = [...versions].sort((a, b) => b.version - a.version);
  const [from, to] = compare ?? [sorted[1]!.version, sorted[0]!.version];
  const a = versions.find((v) => v.version === from);
  const b = versions.find((v) => v.version === to);
  const lines = a && b ? diffLines(policyText(a), policyText(b)) : [];
  const changed = lines.filter((l) => l.kind !== 'same').length;
  return (
    <div className="policy-diff" data-testid="policy-diff">
      <h3 className="subhead">{t('policy.diff')}</h3>
      <div className="toolbar">
        {([0, 1] as const).map((side) => (
          <label key={side} className="toolbar-select">
            {t(side === 0 ? 'policy.diffFrom' : 'policy.diffTo')}
            <select
              value={side === 0 ? from : to}
              onChange={(e) => onCompare(side === 0 ? [Number(e.target.value), to] : [from, Number(e.target.value)])}
              data-testid={`policy-diff-${side === 0 ? 'from' : 'to'}`}
            >
              {sorted.map((v) => (
                <option key={v.version} value={v.version}>
                  {t('policy.version', { version: v.version })}
                </option>
              ))}
            </select>
          </label>
        ))}
        <span className="muted">{t('policy.diffChanged', { n: changed })}</span>
      </div>
      <pre className="diff">
        {lines.map((l, i) => (
          <div key={i} className={l.kind === 'add' ? 'diff-add' : l.kind === 'del' ? 'diff-del' : ''}>
            {l.kind === 'add' ? '+ ' : l.kind === 'del' ? '- ' : '  '}
            {l.text}
          </div>
        ))}
      </pre>
    </div>
  );
}
