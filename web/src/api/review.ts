// Calls of the review workspace (issue 13) with their shapes as the issue fixes them. Where the
// generated schema already describes an endpoint the typed client is used; the rest go through
// `request`, which sends the session's token and turns error answers into ApiErrors like `call`.
import { api, ApiError, call, queryString, toApiError, type Schemas } from './client';
import { loadSession, sessionExpired } from './session';

/** A JSON request to the API with the session's bearer token; throws an ApiError on failure. */
export async function request<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  const session = loadSession();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (session) headers.authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['content-type'] = contentType;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  } catch (cause) {
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause));
  }
  if (response.status === 401 && session) sessionExpired();
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) throw toApiError(response.status, parsed);
  return parsed as T;
}

export { queryString };

/** An address as the order carried it: an object of parts or one line. */
export type AddressValue =
  | string
  | {
      country?: string | null;
      postal_code?: string | null;
      region?: string | null;
      locality?: string | null;
      line1?: string | null;
      line2?: string | null;
      name?: string | null;
      phone?: string | null;
    };

/** `customer` of `GET /v1/orders/{id}`: unmasked for owners and reviewers, masked for analysts. */
export interface CustomerData {
  name?: string | null;
  name_kana?: string | null;
  email?: string | null;
  phone?: string | null;
  billing_address?: AddressValue | null;
  shipping_address?: AddressValue | null;
  /** Whether the values are masked (analysts). */
  masked?: boolean | null;
}

/** One line of an address: 〒150-0001 東京都 渋谷区 神宮前1-2-3 … */
export function addressLine(value: AddressValue | null | undefined): string {
  if (!value) return '';
  if (typeof value === 'string') return value;
  const postal = value.postal_code ? `〒${value.postal_code}` : '';
  return [postal, value.region, value.locality, value.line1, value.line2].filter((p) => p && String(p).trim()).join(' ');
}

export type RelatedNode = Schemas['RelatedNode'];
export type RelatedLink = Schemas['RelatedLink'];
export type RelatedOrders = Schemas['RelatedOrders'];

export function relatedOrders(orderId: string, depth: 1 | 2): Promise<RelatedOrders> {
  return call(api.GET('/v1/orders/{order_id}/related', { params: { path: { order_id: orderId }, query: { depth } } }));
}

/** What `GET /v1/orders` can filter on (the names). */
export interface OrderSearch {
  q?: string;
  email?: string;
  phone?: string;
  ip?: string;
  device_id?: string;
  address?: string;
  card_bin?: string;
  card_last4?: string;
  decision?: string;
  status?: string;
  min_amount?: string;
  max_amount?: string;
  from?: string;
  to?: string;
}

export const SEARCH_FIELDS = ['email', 'phone', 'card_bin', 'card_last4', 'address', 'ip', 'device_id', 'min_amount', 'max_amount', 'from', 'to'] as const;
