// Checks the policy JSON in the editor before it is sent: the server checks again and has the
// last word (its messages are shown as they come).
import type { Schemas } from '../api/client';
import type { Key } from '../i18n/dictionary';

export type PolicyDraft = Schemas['PolicyChange'];

export type PolicyCheck =
  | { ok: true; policy: PolicyDraft }
  | { ok: false; problem: Key; vars?: Record<string, string>; message?: string };

function isInt(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

export function checkPolicy(text: string): PolicyCheck {
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
  return { ok: true, policy: { review_at: p.review_at, reject_at: p.reject_at, rules: rules as PolicyDraft['rules'] } };
}

/** The editable part of a stored policy, pretty-printed. */
export function policyText(view: Pick<Schemas['PolicyView'], 'review_at' | 'reject_at' | 'rules'>): string {
  return JSON.stringify({ review_at: view.review_at, reject_at: view.reject_at, rules: view.rules }, null, 2);
}
