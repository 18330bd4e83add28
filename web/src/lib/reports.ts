// The fraud-report form and the request body it makes.
import type { Schemas } from '../api/client';

export const EMPTY_FORM = {
  category: 'chargeback' as Schemas['FraudCategory'],
  amount: '',
  occurred_on: '',
  order_id: '',
  email: '',
  phone: '',
  name: '',
  card: '',
  ip: '',
  device_id: '',
  postal_code: '',
  region: '',
  locality: '',
  line1: '',
  line2: '',
};
export type ReportForm = typeof EMPTY_FORM;

/** The request body from the form, or null when it names no identifier. */
export function reportBody(form: ReportForm, today: string): Schemas['CreateFraudReport'] | null {
  const v = (s: string) => s.trim() || null;
  const address =
    form.postal_code || form.line1 || form.locality
      ? {
          postal_code: form.postal_code.trim(),
          region: form.region.trim(),
          locality: form.locality.trim(),
          line1: form.line1.trim(),
          line2: form.line2.trim(),
          country: 'JP',
          // A report from the dashboard is about this flat, never the whole building.
          level: 'delivery_point' as const,
        }
      : null;
  const identifiers: Schemas['RawIdentifiers'] = {
    email: v(form.email),
    phone: v(form.phone),
    name: v(form.name),
    card: v(form.card)?.replace(/[\s-]/g, '') ?? null,
    ip: v(form.ip),
    device_id: v(form.device_id),
    address,
  };
  if (!Object.values(identifiers).some((x) => x !== null)) return null;
  const day = form.occurred_on || today;
  return {
    category: form.category,
    amount: Number(form.amount || 0),
    currency: 'JPY',
    occurred_at: new Date(`${day}T12:00:00+09:00`).toISOString(),
    order_id: v(form.order_id),
    identifiers,
  };
}

