// Filtering and sorting the review queue in the browser: the queue is fetched in one batch (the
// API's largest page), so that a reviewer can sort it by what matters to them.
import type { Schemas } from '../api/client';

type Order = Schemas['OrderView'];

export type QueueSort = 'age' | 'score' | 'amount' | 'reason';

export interface QueueFilter {
  reason: string;
  minScore: number;
  status: '' | 'in_review' | 'held';
}

export const SORTS: QueueSort[] = ['age', 'score', 'amount', 'reason'];

/** The strongest reason of an order (most points), by which "reason" sorts. */
export function topReason(order: Order): string {
  let best: Schemas['Reason'] | undefined;
  for (const r of order.reasons) if (!best || r.points > best.points) best = r;
  return best?.code ?? '';
}

export function filterQueue(items: Order[], filter: QueueFilter): Order[] {
  return items.filter(
    (o) =>
      (!filter.reason || o.reasons.some((r) => r.code === filter.reason)) &&
      o.score >= filter.minScore &&
      (!filter.status || o.status === filter.status),
  );
}

/** Age: oldest first (the order waiting longest); score and amount: highest first; reason: by code. */
export function sortQueue(items: Order[], sort: QueueSort): Order[] {
  const sorted = [...items];
  const byAge = (a: Order, b: Order) => Date.parse(a.ordered_at) - Date.parse(b.ordered_at);
  switch (sort) {
    case 'score':
      return sorted.sort((a, b) => b.score - a.score || byAge(a, b));
    case 'amount':
      return sorted.sort((a, b) => b.amount_minor - a.amount_minor || byAge(a, b));
    case 'reason':
      return sorted.sort((a, b) => topReason(a).localeCompare(topReason(b)) || b.score - a.score);
    case 'age':
    default:
      return sorted.sort(byAge);
  }
}

/** The reason codes present in the queue, for the filter's choices. */
export function reasonCodes(items: Order[]): string[] {
  return [...new Set(items.flatMap((o) => o.reasons.map((r) => r.code)))].sort();
}
