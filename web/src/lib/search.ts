// The order search form ↔ the query of `GET /v1/orders`. Identifiers go to the server as typed:
// it normalises and fingerprints them, so that every notation of one phone, email or address
// finds the same orders. Days are Japan days.
import type { OrderSearch } from '../api/review';

export const FILTER_KEYS = [
  'q',
  'email',
  'phone',
  'card_bin',
  'card_last4',
  'address',
  'ip',
  'device_id',
  'decision',
  'status',
  'min_amount',
  'max_amount',
  'from',
  'to',
] as const;

export type FilterKey = (typeof FILTER_KEYS)[number];

/** The filters kept in the address bar (`?phone=…&from=2026-11-01`). */
export function filtersFromParams(params: URLSearchParams): OrderSearch {
  const out: OrderSearch = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) out[k] = v;
  }
  return out;
}

/** A Japan day (YYYY-MM-DD) as the instant it starts; `end` gives the start of the next day. */
export function japanDay(day: string, end = false): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  const start = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - 9 * 3600_000;
  return new Date(end ? start + 24 * 3600_000 : start).toISOString();
}

/** The API's query for these filters: days become instants, empty values are left out. */
export function searchQuery(filters: OrderSearch): Record<string, string> {
  const query: Record<string, string> = {};
  for (const k of FILTER_KEYS) {
    const v = filters[k]?.trim();
    if (!v) continue;
    if (k === 'from') {
      const at = japanDay(v);
      if (at) query.from = at;
    } else if (k === 'to') {
      const at = japanDay(v, true);
      if (at) query.to = at;
    } else if (k === 'card_bin' || k === 'card_last4') {
      query[k] = v.replace(/[\s-]/g, '');
    } else {
      query[k] = v;
    }
  }
  return query;
}

/** How many filters beyond the order id are set (the "more filters" badge). */
export function extraFilters(filters: OrderSearch): number {
  return FILTER_KEYS.filter((k) => k !== 'q' && k !== 'decision' && k !== 'status' && filters[k]).length;
}
