import { describe, expect, it } from 'vitest';
import { date, dateTime, duration, isoDay, money, month, percent, shortDay } from './format';

describe('format', () => {
  it('writes yen with a half-width sign and separators in both languages', () => {
    expect(money('ja', 12800)).toBe('¥12,800');
    expect(money('en', 12800)).toBe('¥12,800');
    expect(money('ja', 500000)).toBe('¥500,000');
    expect(money('en', 4999, 'USD')).toBe('$49.99');
  });

  it('writes dates the Japanese way in Japanese, in Japan time', () => {
    expect(date('ja', '2026-11-26T03:00:00Z')).toBe('2026年11月26日');
    expect(date('en', '2026-11-26T03:00:00Z')).toBe('November 26, 2026');
    // 20:00 UTC on the 25th is already the 26th in Tokyo.
    expect(date('ja', '2026-11-25T20:00:00Z')).toBe('2026年11月26日');
    expect(dateTime('ja', '2026-11-26T03:00:00Z')).toBe('2026/11/26 12:00');
    expect(dateTime('ja', null)).toBe('—');
    expect(month('ja', '2026-09')).toBe('2026年9月');
    expect(month('en', '2026-09')).toBe('Sep 2026');
    expect(shortDay('ja', '2026-11-26')).toBe('11/26');
    expect(isoDay(new Date('2026-11-25T20:00:00Z'))).toBe('2026-11-26');
  });

  it('writes ratios as percentages and durations roughly', () => {
    expect(percent('ja', 0.9312)).toBe('93.1%');
    expect(percent('en', null)).toBe('—');
    expect(duration('ja', 90)).toBe('1分');
    expect(duration('en', 7300)).toBe('2 h');
    expect(duration('en', 5)).toBe('5 s');
    expect(duration('ja', undefined)).toBe('—');
  });
});
