// The form-based rule builder over the server's signal catalogue: thresholds, then each rule as
// a name, conditions (signal, operator valid for its type, value) joined by all/any, and what it
// does (add points or force a decision; passive rules are only recorded).
import type { Key } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';
import type { PolicyDraft, SignalInfo } from '../lib/policy';
import { defaultValue, flatten, newRuleId, operatorsFor, parseValue, unflatten, valueText, type Condition, type FlatWhen, type Op, type Rule } from '../lib/rules';
import { Field } from './ui';

interface Props {
  policy: PolicyDraft;
  signals: SignalInfo[];
  onChange: (policy: PolicyDraft) => void;
  hits?: Record<string, number | undefined>;
  disabled?: boolean;
}

function ConditionRow({
  condition,
  signals,
  onChange,
  onRemove,
  disabled,
}: {
  condition: Condition;
  signals: SignalInfo[];
  onChange: (c: Condition) => void;
  onRemove?: () => void;
  disabled?: boolean;
}) {
  const { t, lang } = useI18n();
  const signal = signals.find((s) => s.name === condition.signal);
  const ops = operatorsFor(signal?.type);
  const boolValue = condition.op === 'exists' || (signal?.type === 'boolean' && condition.op !== 'in');
  return (
    <div className="condition-row" data-testid="condition">
      <select
        value={condition.signal}
        disabled={disabled}
        aria-label={t('builder.signal')}
        title={signal ? (lang === 'ja' ? signal.description_ja : signal.description) : undefined}
        onChange={(e) => {
          const next = signals.find((s) => s.name === e.target.value);
          const op = operatorsFor(next?.type).includes(condition.op) ? condition.op : operatorsFor(next?.type)[0]!;
          onChange({ signal: e.target.value, op, value: defaultValue(next?.type, op) });
        }}
        data-testid="condition-signal"
      >
        {!signal && <option value={condition.signal}>{condition.signal || '—'}</option>}
        {signals.map((s) => (
          <option key={s.name} value={s.name}>
            {s.name}
          </option>
        ))}
      </select>
      <select
        value={condition.op}
        disabled={disabled}
        aria-label={t('builder.operator')}
        onChange={(e) => {
          const op = e.target.value as Op;
          onChange({ ...condition, op, value: defaultValue(signal?.type, op) });
        }}
        data-testid="condition-op"
      >
        {ops.map((op) => (
          <option key={op} value={op}>
            {t(`builder.op.${op}` as Key)}
          </option>
        ))}
      </select>
      {boolValue ? (
        <select
          value={String(condition.value)}
          disabled={disabled}
          aria-label={t('builder.value')}
          onChange={(e) => onChange({ ...condition, value: e.target.value === 'true' })}
          data-testid="condition-value"
        >
          <option value="true">{t(condition.op === 'exists' ? 'builder.present' : 'builder.true')}</option>
          <option value="false">{t(condition.op === 'exists' ? 'builder.absent' : 'builder.false')}</option>
        </select>
      ) : (
        <input
          type={signal?.type === 'number' && condition.op !== 'in' ? 'number' : 'text'}
          value={valueText(condition.value)}
          disabled={disabled}
          aria-label={t('builder.value')}
          placeholder={condition.op === 'in' ? t('builder.listHint') : ''}
          onChange={(e) => onChange({ ...condition, value: parseValue(e.target.value, signal?.type, condition.op) })}
          data-testid="condition-value"
        />
      )}
      {signal && <span className="muted small">{lang === 'ja' ? signal.description_ja : signal.description}</span>}
      {onRemove && (
        <button type="button" className="btn btn-small btn-link" onClick={onRemove} disabled={disabled} aria-label={t('builder.removeCondition')}>
          ✕
        </button>
      )}
    </div>
  );
}

function RuleCard({
  rule,
  signals,
  onChange,
  onRemove,
  hits,
  disabled,
}: {
  rule: Rule;
  signals: SignalInfo[];
  onChange: (r: Rule) => void;
  onRemove: () => void;
  hits?: number;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const flat = flatten(rule.when);
  const action = 'decision' in rule.then ? 'decision' : 'add';
  const setWhen = (next: FlatWhen) => onChange({ ...rule, when: unflatten(next) as Rule['when'] });
  const first = signals[0];
  return (
    <div className="rule-card" data-testid="rule-card" data-rule={rule.id}>
      <div className="rule-row">
        <Field label={t('builder.ruleName')}>
          <input value={rule.name} disabled={disabled} onChange={(e) => onChange({ ...rule, name: e.target.value })} data-testid="rule-name" />
        </Field>
        <Field label={t('builder.ruleId')}>
          <input value={rule.id} disabled={disabled} onChange={(e) => onChange({ ...rule, id: e.target.value })} className="input-narrow-id" />
        </Field>
        <Field label={t('builder.then')}>
          <select
            value={action}
            disabled={disabled}
            onChange={(e) => onChange({ ...rule, then: e.target.value === 'add' ? { add: 20 } : { decision: 'review' } })}
            data-testid="rule-action"
          >
            <option value="add">{t('builder.addPoints')}</option>
            <option value="decision">{t('builder.force')}</option>
          </select>
        </Field>
        {'add' in rule.then ? (
          <Field label={t('builder.points')}>
            <input
              type="number"
              min={-100}
              max={100}
              value={rule.then.add}
              disabled={disabled}
              onChange={(e) => onChange({ ...rule, then: { add: Math.round(Number(e.target.value) || 0) } })}
              className="input-narrow"
              data-testid="rule-points"
            />
          </Field>
        ) : (
          <Field label={t('builder.decision')}>
            <select
              value={rule.then.decision}
              disabled={disabled}
              onChange={(e) => onChange({ ...rule, then: { decision: e.target.value as 'accept' | 'review' | 'reject' } })}
              data-testid="rule-decision"
            >
              {(['accept', 'review', 'reject'] as const).map((d) => (
                <option key={d} value={d}>
                  {t(`decision.${d}`)}
                </option>
              ))}
            </select>
          </Field>
        )}
        <label className="inline-check">
          <input
            type="checkbox"
            checked={rule.mode === 'passive'}
            disabled={disabled}
            onChange={(e) => onChange({ ...rule, mode: e.target.checked ? 'passive' : 'active' })}
          />{' '}
          {t('builder.passive')}
        </label>
        {hits !== undefined && (
          <span className="badge badge-info" data-testid="rule-hits">
            {t('builder.hits', { n: hits })}
          </span>
        )}
        <button type="button" className="btn btn-small btn-ghost" disabled={disabled} onClick={onRemove}>
          {t('common.remove')}
        </button>
      </div>
      {flat ? (
        <>
          {flat.conditions.length > 1 && (
            <div className="condition-row">
              <select value={flat.join} disabled={disabled} onChange={(e) => setWhen({ ...flat, join: e.target.value as FlatWhen['join'] })}>
                <option value="all">{t('builder.all')}</option>
                <option value="any">{t('builder.any')}</option>
              </select>
            </div>
          )}
          {flat.conditions.map((c, i) => (
            <ConditionRow
              key={i}
              condition={c}
              signals={signals}
              disabled={disabled}
              onChange={(next) => setWhen({ ...flat, conditions: flat.conditions.map((x, j) => (j === i ? next : x)) })}
              onRemove={flat.conditions.length > 1 ? () => setWhen({ ...flat, conditions: flat.conditions.filter((_, j) => j !== i) }) : undefined}
            />
          ))}
          <button
            type="button"
            className="btn btn-small btn-link"
            disabled={disabled || !first}
            onClick={() =>
              first && setWhen({ ...flat, conditions: [...flat.conditions, { signal: first.name, op: operatorsFor(first.type)[0]!, value: defaultValue(first.type, operatorsFor(first.type)[0]!) }] })
            }
            data-testid="add-condition"
          >
            + {t('builder.addCondition')}
          </button>
        </>
      ) : (
        <p className="muted">{t('builder.jsonOnly')}</p>
      )}
    </div>
  );
}

export function RuleBuilder({ policy, signals, onChange, hits, disabled }: Props) {
  const { t } = useI18n();
  const rules = policy.rules ?? [];
  const setRules = (next: Rule[]) => onChange({ ...policy, rules: next });
  const first = signals[0];
  return (
    <div className="rule-builder" data-testid="rule-builder">
      <div className="rule-row">
        <Field label={t('policy.reviewAt')}>
          <input
            type="number"
            min={1}
            max={100}
            value={policy.review_at}
            disabled={disabled}
            onChange={(e) => onChange({ ...policy, review_at: Math.round(Number(e.target.value) || 0) })}
            className="input-narrow"
            data-testid="builder-review-at"
          />
        </Field>
        <Field label={t('policy.rejectAt')}>
          <input
            type="number"
            min={1}
            max={101}
            value={policy.reject_at}
            disabled={disabled}
            onChange={(e) => onChange({ ...policy, reject_at: Math.round(Number(e.target.value) || 0) })}
            className="input-narrow"
            data-testid="builder-reject-at"
          />
        </Field>
      </div>
      {rules.map((rule, i) => (
        <RuleCard
          key={i}
          rule={rule}
          signals={signals}
          disabled={disabled}
          hits={hits?.[rule.id]}
          onChange={(next) => setRules(rules.map((r, j) => (j === i ? next : r)))}
          onRemove={() => setRules(rules.filter((_, j) => j !== i))}
        />
      ))}
      <div>
        <button
          type="button"
          className="btn btn-small"
          disabled={disabled || !first}
          onClick={() =>
            first &&
            setRules([
              ...rules,
              {
                id: newRuleId(rules),
                name: t('builder.newRule'),
                mode: 'active',
                when: { signal: first.name, op: operatorsFor(first.type)[0]!, value: defaultValue(first.type, operatorsFor(first.type)[0]!) } as unknown as Rule['when'],
                then: { add: 20 },
              },
            ])
          }
          data-testid="add-rule"
        >
          + {t('builder.addRule')}
        </button>
      </div>
    </div>
  );
}
