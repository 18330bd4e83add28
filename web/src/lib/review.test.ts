import { describe, expect, it } from 'vitest';
import type { Schemas } from '../api/client';
import { diffLines } from './diff';
import { filterQueue, sortQueue, topReason } from './queue';
import { flatten, operatorsFor, parseValue, unflatten } from './rules';
import { japanDay, searchQuery } from './search';

function order(id: string, score: number, amount: number, at: string, codes: [string, number][]): Schemas['OrderView'] {
  return {
    order_id: id,
    merchant_order_id: id,
    score,
    amount_minor: amount,
    ordered_at: at,
    currency: 'JPY',
    payment_method: 'card',
    status: 'in_review',
    summary: {},
    times_scored: 1,
    decision: 'review',
    reasons: codes.map(([code, points]) => ({ code, points, message: code, message_ja: code })),
  } as unknown as Schemas['OrderView'];
}

describe('review queue', () => {
  const a = order('A', 50, 30000, '2026-11-01T00:00:00Z', [['forwarder_address', 20]]);
  const b = order('B', 90, 5000, '2026-11-03T00:00:00Z', [['consortium_phone', 40], ['new_device', 5]]);
  const c = order('C', 70, 90000, '2026-11-02T00:00:00Z', [['velocity_cards_per_ip', 30]]);

  it('sorts by age (oldest first), score, amount and strongest reason', () => {
    expect(sortQueue([a, b, c], 'age').map((o) => o.order_id)).toEqual(['A', 'C', 'B']);
    expect(sortQueue([a, b, c], 'score').map((o) => o.order_id)).toEqual(['B', 'C', 'A']);
    expect(sortQueue([a, b, c], 'amount').map((o) => o.order_id)).toEqual(['C', 'A', 'B']);
    expect(topReason(b)).toBe('consortium_phone');
    expect(sortQueue([a, b, c], 'reason').map((o) => o.order_id)).toEqual(['B', 'A', 'C']);
  });

  it('filters by reason and minimum score', () => {
    expect(filterQueue([a, b, c], { reason: 'new_device', minScore: 0, status: '' }).map((o) => o.order_id)).toEqual(['B']);
    expect(filterQueue([a, b, c], { reason: '', minScore: 60, status: '' }).map((o) => o.order_id)).toEqual(['B', 'C']);
    expect(filterQueue([a, b, c], { reason: '', minScore: 0, status: 'held' })).toEqual([]);
  });
});

describe('order search', () => {
  it('turns Japan days into instants and keeps identifiers as typed', () => {
    expect(japanDay('2026-11-26')).toBe('2026-11-25T15:00:00.000Z');
    expect(japanDay('2026-11-26', true)).toBe('2026-11-26T15:00:00.000Z');
    expect(searchQuery({ phone: ' 090-1234-5678 ', card_bin: '4532 01', from: '2026-11-26', email: '' })).toEqual({
      phone: '090-1234-5678',
      card_bin: '453201',
      from: '2026-11-25T15:00:00.000Z',
    });
  });
});

describe('rule builder', () => {
  it('offers only the operators valid for a type', () => {
    expect(operatorsFor('number')).toContain('gte');
    expect(operatorsFor('boolean')).not.toContain('gt');
    expect(operatorsFor('string_array')).toEqual(['contains', 'exists']);
  });

  it('round-trips flat conditions and leaves nested ones to JSON', () => {
    const one = { signal: 'order.amount', op: 'gte', value: 50000 };
    expect(unflatten(flatten(one)!)).toEqual(one);
    const both = { any: [one, { signal: 'ip.tor', op: 'eq', value: true }] };
    expect(unflatten(flatten(both)!)).toEqual(both);
    expect(flatten({ not: one })).toBeNull();
    expect(flatten({ all: [{ any: [one] }] })).toBeNull();
  });

  it('reads values in the signal type', () => {
    expect(parseValue('120', 'number', 'gte')).toBe(120);
    expect(parseValue('JP, US', 'string', 'in')).toEqual(['JP', 'US']);
    expect(parseValue('1, 2', 'number', 'in')).toEqual([1, 2]);
    expect(parseValue('false', undefined, 'exists')).toBe(false);
  });

});

describe('policy diff', () => {
  it('marks removed and added lines', () => {
    expect(diffLines('a\nb\nc', 'a\nc\nd')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'del', text: 'b' },
      { kind: 'same', text: 'c' },
      { kind: 'add', text: 'd' },
    ]);
  });
});
