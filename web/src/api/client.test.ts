import { describe, expect, it } from 'vitest';
import { queryString, toApiError } from './client';
import { flatten } from '../lib/flatten';
import { menuFor } from '../nav';
import type { Session } from './session';

describe('toApiError', () => {
  it('reads the API error body', () => {
    const error = toApiError(422, {
      error: { code: 'validation_failed', message: 'bad', fields: [{ field: 'email', message: 'not an email' }, { nope: 1 }] },
    });
    expect(error).toMatchObject({ status: 422, code: 'validation_failed', message: 'bad', fields: [{ field: 'email', message: 'not an email' }] });
  });

  it('copes with bodies that are not the API error', () => {
    expect(toApiError(502, 'Bad Gateway')).toMatchObject({ code: 'internal', message: 'HTTP 502' });
    expect(toApiError(404, null)).toMatchObject({ code: 'invalid_request' });
  });
});

describe('queryString', () => {
  it('leaves out empty values', () => {
    expect(queryString({ from: '2026-11-01', to: undefined, q: '', n: 0 })).toBe('?from=2026-11-01&n=0');
    expect(queryString({})).toBe('');
  });
});

describe('flatten', () => {
  it('gives dotted keys', () => {
    expect(flatten({ ip: { tags: ['tor', 'proxy'], country: 'JP' }, velocity: 3, none: null })).toEqual([
      ['ip.tags', 'tor, proxy'],
      ['ip.country', 'JP'],
      ['velocity', '3'],
      ['none', '—'],
    ]);
  });
});

describe('menuFor', () => {
  const base: Session = { token: 't', expiresAt: 0, kind: 'tenant_user', role: 'owner', tenantId: 'x', tenantName: 'Shop', email: 'o@x' };
  const paths = (s: Session) => menuFor(s).flatMap((section) => section.items.map((i) => i.to));

  it('shows each role what it may use', () => {
    expect(paths(base)).toEqual(['/', '/reviews', '/orders', '/alerts', '/logins', '/payments', '/reports', '/lists', '/policy', '/webhooks', '/api-keys', '/users']);
    expect(paths({ ...base, role: 'analyst' })).not.toContain('/api-keys');
    expect(paths({ ...base, role: 'reviewer' })).toEqual(['/', '/reviews', '/orders', '/alerts', '/logins', '/payments', '/reports']);
    expect(paths({ ...base, kind: 'platform_admin', role: null })).toEqual(['/admin', '/admin/onboard', '/admin/consortium', '/admin/audit', '/admin/reference-lists']);
  });
});
