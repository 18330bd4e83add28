import { describe, expect, it } from 'vitest';
import type { Schemas } from '../api/client';
import { addressLine } from '../api/review';
import { actorEmails, actorLabel } from '../pages/admin/AuditLog';
import { evidenceOf } from './ConsortiumEvidence';
import { linksByOrder } from './LinkedOrders';

describe('consortium evidence', () => {
  it('reads what the reason details carry and skips other reasons', () => {
    const reasons = [
      {
        code: 'consortium_phone',
        points: 35,
        message: '',
        message_ja: '',
        detail: { kind: 'phone', reporters: 2, own: true, categories: ['chargeback', 'resale'], weight: 0.82, decay: 0.9, trust: 0.91, quorum: 2, quorum_met: true, first_reported_at: '2026-11-01T00:00:00Z', last_reported_at: '2026-11-20T00:00:00Z' },
      },
      { code: 'velocity_cards_per_ip', points: 30, message: '', message_ja: '', detail: { cards: 4 } },
      { code: 'consortium_confirmed_fraud', points: 10, message: '', message_ja: '', detail: {} },
    ] as unknown as Schemas['Reason'][];
    expect(evidenceOf(reasons)).toEqual([
      {
        code: 'consortium_phone',
        kind: 'phone',
        reporters: 2,
        own: true,
        categories: ['chargeback', 'resale'],
        firstReportedAt: '2026-11-01T00:00:00Z',
        lastReportedAt: '2026-11-20T00:00:00Z',
        weight: 0.82,
        decay: 0.9,
        halfLifeDays: null,
        trust: 0.91,
        quorum: 2,
        quorumMet: true,
      },
    ]);
  });
});

describe('linked orders', () => {
  it('gathers the identifiers joining each other order, in both directions', () => {
    const by = linksByOrder(
      {
        nodes: [],
        truncated: false,
        widely_shared: [],
        links: [
          { from: 'me', to: 'a', kinds: ['phone'] },
          { from: 'b', to: 'me', kinds: ['building', 'ip'] },
          { from: 'a', to: 'b', kinds: ['card'] },
        ],
      },
      'me',
    );
    expect([...by.get('a')!].sort()).toEqual(['card', 'phone']);
    expect([...by.get('b')!].sort()).toEqual(['building', 'card', 'ip']);
    expect(by.has('me')).toBe(false);
  });

  it('writes an address on one line', () => {
    expect(addressLine({ postal_code: '150-0001', region: '東京都', locality: '渋谷区', line1: '神宮前1-2-3', line2: null })).toBe('〒150-0001 東京都 渋谷区 神宮前1-2-3');
    expect(addressLine('大阪府大阪市北区梅田1-2-3')).toBe('大阪府大阪市北区梅田1-2-3');
  });
});

describe('audit-log actors', () => {
  it('names users by the email their creation recorded', () => {
    const id = '0190f7a2-1111-7222-8333-944455556666';
    const emails = actorEmails([{ actor: 'admin:x', action: 'user.create', target: id, details: { email: 'rev@shop.example', role: 'reviewer' } }]);
    expect(actorLabel(`user:${id}`, emails)).toBe('rev@shop.example');
    expect(actorLabel('user:0190f7a2-9999-7222-8333-944455556666', emails)).toBe('user:0190f7a2');
    expect(actorLabel('cli', emails)).toBe('cli');
  });
});
