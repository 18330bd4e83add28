// Numbers, money and dates through Intl, in the dashboard's language. Times are shown in Japan
// time whatever the browser's zone, so that a day means the same thing to every reviewer.
import type { Lang } from '../i18n/dictionary';

export const TIME_ZONE = 'Asia/Tokyo';

function locale(lang: Lang): string {
  return lang === 'ja' ? 'ja-JP' : 'en-US';
}

const DIGITS: Record<string, number> = { JPY: 0, KRW: 0, VND: 0, TWD: 2, USD: 2, EUR: 2 };

/** Minor units of `currency` as money: ¥12,800 (half-width yen sign in both languages). */
export function money(lang: Lang, minor: number, currency = 'JPY'): string {
  const digits = DIGITS[currency] ?? 2;
  const format = new Intl.NumberFormat(locale(lang), {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return format
    .formatToParts(minor / 10 ** digits)
    .map((part) => (part.type === 'currency' && part.value === '￥' ? '¥' : part.value))
    .join('');
}

export function number(lang: Lang, value: number, maximumFractionDigits = 0): string {
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits }).format(value);
}

/** A ratio 0–1 as a percentage: 93.1%. */
export function percent(lang: Lang, ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return '—';
  return new Intl.NumberFormat(locale(lang), {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(ratio);
}

function toDate(value: string | Date): Date {
  return typeof value === 'string' ? new Date(value) : value;
}

/** 2026年11月26日 / Nov 26, 2026 */
export function date(lang: Lang, value: string | Date): string {
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'long', timeZone: TIME_ZONE }).format(toDate(value));
}

/** 2026/11/26 12:00 / Nov 26, 2026, 12:00 PM */
export function dateTime(lang: Lang, value: string | Date | null | undefined): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat(locale(lang), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: TIME_ZONE,
  }).format(toDate(value));
}

/** A short day label for chart axes: 11/26 / Nov 26 */
export function shortDay(lang: Lang, isoDay: string): string {
  const d = new Date(`${isoDay.slice(0, 10)}T00:00:00+09:00`);
  if (Number.isNaN(d.getTime())) return isoDay;
  return new Intl.DateTimeFormat(locale(lang), { month: 'numeric', day: 'numeric', timeZone: TIME_ZONE }).format(d);
}

/** "2026-09" → 2026年9月 / Sep 2026 */
export function month(lang: Lang, yearMonth: string): string {
  const d = new Date(`${yearMonth.slice(0, 7)}-15T00:00:00+09:00`);
  if (Number.isNaN(d.getTime())) return yearMonth;
  return new Intl.DateTimeFormat(locale(lang), { year: 'numeric', month: lang === 'ja' ? 'long' : 'short', timeZone: TIME_ZONE }).format(d);
}

/** A duration in seconds, roughly: 3 min, 2 h 5 min, 4 d. */
export function duration(lang: Lang, seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const units: [number, string, string][] = [
    [86400, '日', 'd'],
    [3600, '時間', 'h'],
    [60, '分', 'min'],
  ];
  for (const [size, ja, en] of units) {
    if (seconds >= size) {
      const n = Math.floor(seconds / size);
      return lang === 'ja' ? `${n}${ja}` : `${n} ${en}`;
    }
  }
  return lang === 'ja' ? `${Math.round(seconds)}秒` : `${Math.round(seconds)} s`;
}

/** The day (Japan time) of a Date as YYYY-MM-DD. */
export function isoDay(d: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(d);
}

export function daysAgo(n: number, from = new Date()): string {
  return isoDay(new Date(from.getTime() - n * 86_400_000));
}
