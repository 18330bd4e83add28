// The rule builder's model: a rule's `when` as a flat list of conditions joined by all/any, each
// a signal of the server's catalogue, an operator valid for its type and a value. Anything the
// form cannot show (nested groups, `not`) stays as it is and is edited as JSON.
import type { Schemas } from '../api/client';
import type { SignalInfo } from './policy';

export type Rule = Schemas['Rule'];
export type Op = 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'ne' | 'in' | 'contains' | 'exists';

export interface Condition {
  signal: string;
  op: Op;
  value: unknown;
}

export interface FlatWhen {
  join: 'all' | 'any';
  conditions: Condition[];
}

/** The operators that make sense for a signal of this type (as the server checks them). */
export function operatorsFor(type: SignalInfo['type'] | undefined): Op[] {
  switch (type) {
    case 'number':
      return ['gte', 'gt', 'lte', 'lt', 'eq', 'ne', 'in', 'exists'];
    case 'string':
      return ['eq', 'ne', 'in', 'contains', 'exists'];
    case 'boolean':
      return ['eq', 'ne', 'exists'];
    case 'string_array':
      return ['contains', 'exists'];
    default:
      return ['eq'];
  }
}

/** A sensible value when the signal or operator changes. */
export function defaultValue(type: SignalInfo['type'] | undefined, op: Op): unknown {
  if (op === 'exists') return true;
  if (op === 'in') return type === 'number' ? [1] : [''];
  if (op === 'contains') return '';
  switch (type) {
    case 'number':
      return 1;
    case 'boolean':
      return true;
    default:
      return '';
  }
}

function isCondition(v: unknown): v is Condition {
  const c = v as Record<string, unknown> | null;
  return !!c && typeof c === 'object' && typeof c.signal === 'string' && typeof c.op === 'string' && 'value' in c;
}

/** The form's view of a `when`, or null when it needs the JSON editor. */
export function flatten(when: unknown): FlatWhen | null {
  if (isCondition(when)) return { join: 'all', conditions: [when] };
  const w = when as Record<string, unknown> | null;
  for (const join of ['all', 'any'] as const) {
    const parts = w?.[join];
    if (Array.isArray(parts) && parts.length > 0 && parts.every(isCondition)) return { join, conditions: parts as Condition[] };
  }
  return null;
}

/** Back to the rule language: one condition stands alone, several are grouped. */
export function unflatten(flat: FlatWhen): Record<string, unknown> {
  if (flat.conditions.length === 1) return { ...flat.conditions[0] };
  return { [flat.join]: flat.conditions.map((c) => ({ ...c })) };
}

/** The value as the form's text box shows it (lists comma-separated). */
export function valueText(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(', ');
  return value === undefined || value === null ? '' : String(value);
}

/** The text box's value in the type the signal and operator need. */
export function parseValue(text: string, type: SignalInfo['type'] | undefined, op: Op): unknown {
  if (op === 'exists') return text !== 'false';
  const one = (s: string): unknown => {
    if (type === 'number') {
      const n = Number(s.trim());
      return s.trim() === '' || Number.isNaN(n) ? s : n;
    }
    if (type === 'boolean') return s.trim() === 'true';
    return s.trim();
  };
  if (op === 'in') return text.split(',').map((s) => one(s)).filter((v) => v !== '');
  if (op === 'contains') return text.trim();
  return one(text);
}

/** A fresh rule id not yet used. */
export function newRuleId(rules: Rule[]): string {
  for (let i = rules.length + 1; ; i += 1) {
    const id = `rule-${i}`;
    if (!rules.some((r) => r.id === id)) return id;
  }
}

