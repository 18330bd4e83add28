// Pieces of an order shared by the review queue, the order list and the order detail.
import type { Schemas } from '../api/client';
import { useI18n } from '../i18n/i18n';
import type { Key } from '../i18n/dictionary';

type Reason = Schemas['Reason'];

/** The reasons in the current language, strongest first, with their points. */
export function Reasons({ reasons }: { reasons: Reason[] }) {
  const { lang, t } = useI18n();
  if (reasons.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="reasons">
      {reasons.map((r, i) => (
        <li key={`${r.code}-${i}`} className={r.points < 0 ? 'reason-good' : r.points >= 30 ? 'reason-strong' : ''}>
          <span className="reason-points">{r.points > 0 ? `+${r.points}` : r.points}</span>
          <span className="reason-text">
            {lang === 'ja' ? r.message_ja : r.message}
            <code className="reason-code" title={t('reviews.points', { points: r.points })}>
              {r.code}
            </code>
          </span>
        </li>
      ))}
    </ul>
  );
}

export function ScoreMeter({ score }: { score: number }) {
  const tone = score >= 80 ? 'bad' : score >= 40 ? 'warn' : 'good';
  return (
    <span className={`score score-${tone}`} title={`${score} / 100`}>
      <span className="score-num">{score}</span>
      <span className="score-track">
        <span className="score-bar" style={{ width: `${Math.max(3, Math.min(100, score))}%` }} />
      </span>
    </span>
  );
}

const SUMMARY_KEYS: [string, Key][] = [
  ['name', 'reports.name'],
  ['email', 'reports.email'],
  ['phone', 'reports.phone'],
  ['address', 'reports.line1'],
  ['card', 'reports.card'],
  ['ip', 'reports.ip'],
  ['device_id', 'reports.deviceId'],
];

/** The masked identifiers an order was sent with. */
export function OrderSummary({ summary, compact = false }: { summary: unknown; compact?: boolean }) {
  const { t } = useI18n();
  const s = (summary ?? {}) as Record<string, unknown>;
  const rows = SUMMARY_KEYS.filter(([k]) => typeof s[k] === 'string' && s[k] !== '');
  const items = Array.isArray(s.items) ? (s.items as { name?: string; category?: string; quantity?: number }[]) : [];
  if (rows.length === 0 && items.length === 0) return null;
  return (
    <dl className={compact ? 'summary summary-compact' : 'summary'}>
      {rows.map(([k, label]) => (
        <div key={k} className="summary-row">
          <dt>{t(label)}</dt>
          <dd>{String(s[k])}</dd>
        </div>
      ))}
      {items.length > 0 && (
        <div className="summary-row">
          <dt>{t('orders.items')}</dt>
          <dd>{items.map((i) => `${i.name ?? i.category ?? '?'} × ${i.quantity ?? 1}`).join(', ')}</dd>
        </div>
      )}
    </dl>
  );
}
