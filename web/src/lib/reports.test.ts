import { describe, expect, it } from 'vitest';
import { EMPTY_FORM, reportBody } from './reports';

describe('reportBody', () => {
  it('needs at least one identifier', () => {
    expect(reportBody({ ...EMPTY_FORM, amount: '1000' }, '2026-11-26')).toBeNull();
  });

  it('sends only what was given, the card without spaces, the day at noon in Japan', () => {
    const body = reportBody({ ...EMPTY_FORM, amount: '12800', card: '4532 0151 1283 0366', email: ' a@example.jp ' }, '2026-11-26');
    expect(body).toMatchObject({
      category: 'chargeback',
      amount: 12800,
      currency: 'JPY',
      occurred_at: '2026-11-26T03:00:00.000Z',
      identifiers: { card: '4532015112830366', email: 'a@example.jp', phone: null, address: null },
    });
  });

  it('sends an address when any part of it is given', () => {
    const body = reportBody({ ...EMPTY_FORM, postal_code: '530-0001', line1: '梅田1-2-3' }, '2026-11-26');
    expect(body?.identifiers.address).toMatchObject({ postal_code: '530-0001', line1: '梅田1-2-3', country: 'JP' });
  });
});
