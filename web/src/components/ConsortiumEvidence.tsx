// The consortium's word on an order, in sentences a reviewer can weigh: how many members reported
// the identifier, for what, when first and last, how much age and the reporters' trust still
// count, and whether the quorum of distinct members is met. Read from the reasons' details.
import type { Schemas } from '../api/client';
import type { Key } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';
import { date, number, percent } from '../lib/format';
import { isKey } from './ui';

type Reason = Schemas['Reason'];

export interface Evidence {
  code: string;
  kind: string;
  reporters: number | null;
  own: boolean;
  categories: string[];
  firstReportedAt: string | null;
  lastReportedAt: string | null;
  weight: number | null;
  decay: number | null;
  halfLifeDays: number | null;
  trust: number | null;
  quorum: number | null;
  quorumMet: boolean | null;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v ? v : null;
}

/** The consortium reasons' details, whatever fields the server sent. */
export function evidenceOf(reasons: Reason[]): Evidence[] {
  return reasons
    .filter((r) => r.code.startsWith('consortium_') && r.code !== 'consortium_confirmed_fraud')
    .map((r) => {
      const d = (r.detail ?? {}) as Record<string, unknown>;
      return {
        code: r.code,
        kind: str(d.kind) ?? r.code.replace(/^consortium_/, ''),
        reporters: num(d.reporters),
        own: d.own === true,
        categories: Array.isArray(d.categories) ? d.categories.filter((c): c is string => typeof c === 'string') : [],
        firstReportedAt: str(d.first_reported_at),
        lastReportedAt: str(d.last_reported_at),
        weight: num(d.weight),
        decay: num(d.decay),
        halfLifeDays: num(d.half_life_days),
        trust: num(d.trust),
        quorum: num(d.quorum),
        quorumMet: typeof d.quorum_met === 'boolean' ? d.quorum_met : null,
      };
    });
}

function kindLabel(t: (k: Key) => string, kind: string): string {
  const key = `kind.${kind}`;
  if (isKey(key)) return t(key);
  const alias: Record<string, Key> = { address: 'kind.address_delivery_point', building: 'kind.address_building', device: 'kind.device_id' };
  return alias[kind] ? t(alias[kind]) : kind;
}

function categoryLabel(t: (k: Key) => string, category: string): string {
  const key = `reports.category.${category}`;
  return isKey(key) ? t(key) : category;
}

/** One sentence per consortium match; `compact` for the queue row. */
export function ConsortiumEvidence({ reasons, compact = false }: { reasons: Reason[]; compact?: boolean }) {
  const { t, lang } = useI18n();
  const evidence = evidenceOf(reasons);
  if (evidence.length === 0) return null;
  return (
    <ul className={`evidence ${compact ? 'evidence-compact' : ''}`} data-testid="consortium-evidence">
      {evidence.map((e) => {
        const categories = e.categories.map((c) => categoryLabel(t, c)).join(lang === 'ja' ? '・' : ', ');
        return (
          <li key={e.code} className={e.quorumMet ? 'evidence-strong' : ''}>
            <strong>{kindLabel(t, e.kind)}</strong>{' '}
            <span data-testid="evidence-reporters">
              {e.reporters === 1 ? t('evidence.reporterOne') : e.reporters !== null ? t('evidence.reporters', { n: e.reporters }) : t('evidence.reported')}
            </span>
            {categories && <> {t('evidence.for', { categories })}</>}
            {e.own && <> {t('evidence.own')}</>}
            {(e.firstReportedAt || e.lastReportedAt) && (
              <span className="evidence-dates">
                {' '}
                {e.firstReportedAt && e.lastReportedAt && e.firstReportedAt !== e.lastReportedAt
                  ? t('evidence.between', { first: date(lang, e.firstReportedAt), last: date(lang, e.lastReportedAt) })
                  : t('evidence.last', { last: date(lang, (e.lastReportedAt ?? e.firstReportedAt) as string) })}
              </span>
            )}
            {!compact && (
              <span className="evidence-weights">
                {e.decay !== null && <> {t('evidence.decay', { value: percent(lang, e.decay, 0) })}</>}
                {e.halfLifeDays !== null && <> {t('evidence.halfLife', { days: number(lang, e.halfLifeDays) })}</>}
                {e.trust !== null && <> {t('evidence.trust', { value: percent(lang, e.trust, 0) })}</>}
                {e.weight !== null && <> {t('evidence.weight', { value: percent(lang, e.weight, 0) })}</>}
              </span>
            )}{' '}
            {e.quorumMet !== null && (
              <span className={`badge ${e.quorumMet ? 'badge-bad' : 'badge-neutral'}`} data-testid="evidence-quorum">
                {e.quorumMet
                  ? t('evidence.quorumMet')
                  : e.quorum !== null
                    ? t('evidence.quorumNotMetOf', { quorum: e.quorum })
                    : t('evidence.quorumNotMet')}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
