// Checks the policy JSON in the editor before it is sent: the server checks again and has the
// last word (its messages are shown as they come).
import type { Schemas } from '../api/client';
import type { Key } from '../i18n/dictionary';

export type PolicyDraft = Schemas['PolicyChange'];
/** One entry of `GET /v1/policy/signals`. */
export interface SignalInfo {
  name: string;
  type: 'number' | 'string' | 'boolean' | 'string_array';
  description: string;
  description_ja: string;
}

export type PolicyCheck =
  | { ok: true; policy: PolicyDraft }
  | { ok: false; problem: Key; vars?: Record<string, string>; message?: string };

function isInt(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

type Problem = Extract<PolicyCheck, { ok: false }>;

function fits(type: SignalInfo['type'], value: unknown): boolean {
  switch (type) {
    case 'number':
      return typeof value === 'number';
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'string_array':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
  }
}

/** The same checks as the server's (crates/scoring/src/signals.rs): the signal exists and the
 * value fits the operator and the signal's type. Returns the first problem with its path. */
export function checkCondition(condition: unknown, rule: string, path: string, catalogue: SignalInfo[]): Problem | null {
  const c = condition as Record<string, unknown> | null;
  if (!c || typeof c !== 'object') return { ok: false, problem: 'policy.check.rules' };
  for (const group of ['all', 'any'] as const) {
    if (Array.isArray(c[group])) {
      const parts = c[group] as unknown[];
      for (const [i, part] of parts.entries()) {
        const found = checkCondition(part, rule, `${path}.${group}[${i}]`, catalogue);
        if (found) return found;
      }
      return null;
    }
  }
  if (c.not !== undefined) return checkCondition(c.not, rule, `${path}.not`, catalogue);
  const signal = catalogue.find((s) => s.name === c.signal);
  if (!signal) return { ok: false, problem: 'policy.check.signal', vars: { id: rule, path: `${path}.signal`, signal: String(c.signal ?? '') } };
  const bad = { ok: false as const, problem: 'policy.check.type' as Key, vars: { id: rule, path: `${path}.value`, signal: signal.name, type: signal.type } };
  const value = c.value;
  switch (c.op) {
    case 'exists':
      return typeof value === 'boolean' ? null : bad;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return signal.type === 'number' && typeof value === 'number' ? null : bad;
    case 'eq':
    case 'ne':
      return fits(signal.type, value) ? null : bad;
    case 'in':
      return signal.type !== 'string_array' && Array.isArray(value) && value.every((v) => fits(signal.type, v)) ? null : bad;
    case 'contains':
      return (signal.type === 'string_array' || signal.type === 'string') && typeof value === 'string' ? null : bad;
    default:
      return bad;
  }
}

export function checkPolicy(text: string, catalogue?: SignalInfo[]): PolicyCheck {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    return { ok: false, problem: 'policy.invalidJson', vars: { message: cause instanceof Error ? cause.message : String(cause) } };
  }
  const p = parsed as Record<string, unknown> | null;
  if (!p || typeof p !== 'object' || Array.isArray(p)) return { ok: false, problem: 'policy.check.thresholds' };
  // As the server has it: review_at 1–100, reject_at up to 101 (101 never rejects).
  if (!isInt(p.review_at, 1, 100) || !isInt(p.reject_at, 1, 101) || p.review_at > p.reject_at) {
    return { ok: false, problem: 'policy.check.thresholds' };
  }
  const rules = p.rules ?? [];
  if (!Array.isArray(rules)) return { ok: false, problem: 'policy.check.rules' };
  const seen = new Set<string>();
  for (const rule of rules as Record<string, unknown>[]) {
    if (!rule || typeof rule !== 'object' || typeof rule.id !== 'string' || typeof rule.name !== 'string' || !rule.when || !rule.then) {
      return { ok: false, problem: 'policy.check.rules' };
    }
    if (!rule.id.trim() || !rule.name.trim()) return { ok: false, problem: 'policy.check.rules' };
    const add = (rule.then as { add?: unknown }).add;
    if (add !== undefined && !isInt(add, -100, 100)) return { ok: false, problem: 'policy.check.add', vars: { id: rule.id } };
    if (seen.has(rule.id)) return { ok: false, problem: 'policy.check.duplicate', vars: { id: rule.id } };
    seen.add(rule.id);
  }
  if (catalogue && catalogue.length > 0) {
    const list = rules as Record<string, unknown>[];
    for (const [i, rule] of list.entries()) {
      const found = checkCondition(rule.when, String(rule.id), `rules[${i}].when`, catalogue);
      if (found) return found;
    }
  }
  return { ok: true, policy: { review_at: p.review_at, reject_at: p.reject_at, rules: rules as PolicyDraft['rules'] } };
}

/** The editable part of a stored policy, pretty-printed. */
export function policyText(view: Pick<Schemas['PolicyView'], 'review_at' | 'reject_at' | 'rules'>): string {
  return JSON.stringify({ review_at: view.review_at, reject_at: view.reject_at, rules: view.rules }, null, 2);
}
