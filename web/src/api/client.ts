// The typed API client (openapi-fetch over the generated `paths`), with the session's bearer
// token on every request and a 401 sending the user back to sign-in.
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';
import { loadSession, sessionExpired } from './session';

export type Schemas = components['schemas'];

/** The API's error codes (generated from the server's catalogue), and `network` when no answer came. */
export type ErrorCode = Schemas['ErrorCode'] | 'network';

/** An error answer of the API (`{"error": {"code", "message"}}`), or `network` when none came. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields: { field: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Reads an error body into an ApiError, whatever shape it has. */
export function toApiError(status: number, body: unknown): ApiError {
  const detail = (body as { error?: { code?: unknown; message?: unknown; fields?: unknown } } | null)?.error;
  if (detail && typeof detail.code === 'string') {
    const fields = Array.isArray(detail.fields)
      ? detail.fields.filter((f): f is { field: string; message: string } => typeof f?.field === 'string' && typeof f?.message === 'string')
      : [];
    // A newer server may send a code this build does not know: it is shown as it came.
    return new ApiError(status, detail.code as ErrorCode, typeof detail.message === 'string' ? detail.message : detail.code, fields);
  }
  return new ApiError(status, status >= 500 ? 'internal' : 'invalid_request', `HTTP ${status}`);
}

function isLogin(url: string): boolean {
  return new URL(url, 'http://x').pathname === '/v1/auth/login';
}

const auth: Middleware = {
  onRequest({ request }) {
    const session = loadSession();
    if (session && !request.headers.has('authorization')) {
      request.headers.set('authorization', `Bearer ${session.token}`);
    }
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !isLogin(request.url) && loadSession()) sessionExpired();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Awaits an openapi-fetch call and returns its data, or throws an ApiError. */
export async function call<T>(request: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await request;
  } catch (cause) {
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause));
  }
  if (result.error !== undefined || !result.response.ok) throw toApiError(result.response.status, result.error);
  return result.data as T;
}

function withAuth(headers: Record<string, string> = {}): Record<string, string> {
  const session = loadSession();
  return session ? { ...headers, authorization: `Bearer ${session.token}` } : headers;
}

export function queryString(query: Record<string, string | number | boolean | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

async function rawFetch(path: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { headers: withAuth({ accept: 'application/json' }) });
  } catch (cause) {
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause));
  }
  if (response.status === 401 && loadSession()) sessionExpired();
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    throw toApiError(response.status, body);
  }
  return response;
}

/** Downloads `path` (an analytics endpoint) as CSV through the browser. */
export async function downloadCsv(path: string, fallbackName: string): Promise<void> {
  const url = path + (path.includes('?') ? '&' : '?') + 'format=csv';
  const response = await rawFetch(url);
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? `${fallbackName}.csv`;
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
