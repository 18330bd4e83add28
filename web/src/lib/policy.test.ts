import { describe, expect, it } from 'vitest';
import { checkPolicy, policyText, type SignalInfo } from './policy';

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

describe('checkPolicy with the signal catalogue', () => {
  const catalogue: SignalInfo[] = [
    { name: 'order.amount', type: 'number', description: '', description_ja: '' },
    { name: 'card.foreign', type: 'boolean', description: '', description_ja: '' },
    { name: 'order.categories', type: 'string_array', description: '', description_ja: '' },
  ];
  const policy = (when: unknown) => JSON.stringify({ review_at: 40, reject_at: 80, rules: [{ id: 'r', name: 'R', when, then: { add: 5 } }] });

  it('names an unknown signal and its path', () => {
    expect(checkPolicy(policy({ all: [{ signal: 'card.foreign', op: 'eq', value: true }, { signal: 'order.amout', op: 'gte', value: 1 }] }), catalogue)).toMatchObject({
      ok: false,
      problem: 'policy.check.signal',
      vars: { id: 'r', path: 'rules[0].when.all[1].signal', signal: 'order.amout' },
    });
  });

  it('refuses a value of the wrong type', () => {
    expect(checkPolicy(policy({ signal: 'order.amount', op: 'gte', value: 'abc' }), catalogue)).toMatchObject({
      ok: false,
      problem: 'policy.check.type',
      vars: { path: 'rules[0].when.value' },
    });
    expect(checkPolicy(policy({ signal: 'order.categories', op: 'in', value: ['a'] }), catalogue)).toMatchObject({ ok: false });
    expect(checkPolicy(policy({ not: { signal: 'order.categories', op: 'contains', value: 'gift_card' } }), catalogue)).toMatchObject({ ok: true });
  });
});
