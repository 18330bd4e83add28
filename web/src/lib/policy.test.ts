import { describe, expect, it } from 'vitest';
import { checkPolicy, policyText } from './policy';

describe('checkPolicy', () => {
  it('accepts a well-formed policy', () => {
    const text = policyText({
      review_at: 40,
      reject_at: 80,
      rules: [{ id: 'gift', name: 'Gift cards', when: { risky_items: true } as never, then: { add: 30 } }],
    });
    const check = checkPolicy(text);
    expect(check.ok).toBe(true);
  });

  it('explains what is wrong', () => {
    expect(checkPolicy('{')).toMatchObject({ ok: false, problem: 'policy.invalidJson' });
    expect(checkPolicy('{"review_at": 80, "reject_at": 40}')).toMatchObject({ ok: false, problem: 'policy.check.thresholds' });
    expect(checkPolicy('{"review_at": 40.5, "reject_at": 80}')).toMatchObject({ ok: false, problem: 'policy.check.thresholds' });
    expect(checkPolicy('{"review_at": 0, "reject_at": 80}')).toMatchObject({ ok: false, problem: 'policy.check.thresholds' });
    expect(checkPolicy('{"review_at": 40, "reject_at": 101}')).toMatchObject({ ok: true });
    expect(checkPolicy('{"review_at": 40, "reject_at": 80, "rules": [{"id": "a", "name": "A", "when": {}, "then": {"add": 300}}]}')).toMatchObject({
      ok: false,
      problem: 'policy.check.add',
    });
    expect(checkPolicy('{"review_at": 40, "reject_at": 80, "rules": {}}')).toMatchObject({ ok: false, problem: 'policy.check.rules' });
    expect(checkPolicy('{"review_at": 40, "reject_at": 80, "rules": [{"id": "a"}]}')).toMatchObject({ ok: false, problem: 'policy.check.rules' });
    const twice = { id: 'a', name: 'A', when: {}, then: { add: 1 } };
    expect(checkPolicy(JSON.stringify({ review_at: 40, reject_at: 80, rules: [twice, twice] }))).toMatchObject({
      ok: false,
      problem: 'policy.check.duplicate',
      vars: { id: 'a' },
    });
  });
});
