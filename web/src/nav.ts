// The menu per role. Permissions are enforced by the API; the menu only hides what would be
// refused.
import type { Session } from './api/session';
import type { Key } from './i18n/dictionary';

export interface NavItem {
  to: string;
  label: Key;
  icon: string;
}

export interface NavSection {
  title: Key;
  items: NavItem[];
}

const overview: NavItem = { to: '/', label: 'nav.overview', icon: '◔' };
const reviews: NavItem = { to: '/reviews', label: 'nav.reviews', icon: '✓' };
const orders: NavItem = { to: '/orders', label: 'nav.orders', icon: '☰' };
const reports: NavItem = { to: '/reports', label: 'nav.reports', icon: '⚑' };
const lists: NavItem = { to: '/lists', label: 'nav.lists', icon: '▤' };
const alerts: NavItem = { to: '/alerts', label: 'nav.alerts', icon: '⚠' };
const logins: NavItem = { to: '/logins', label: 'nav.logins', icon: '⇥' };
const payments: NavItem = { to: '/payments', label: 'nav.payments', icon: '¥' };
const policy: NavItem = { to: '/policy', label: 'nav.policy', icon: '⚙' };
const webhooks: NavItem = { to: '/webhooks', label: 'nav.webhooks', icon: '↯' };
const apiKeys: NavItem = { to: '/api-keys', label: 'nav.apiKeys', icon: '⊶' };
const users: NavItem = { to: '/users', label: 'nav.users', icon: '☺' };

export function menuFor(session: Session): NavSection[] {
  if (session.kind === 'platform_admin') {
    return [
      {
        title: 'nav.sectionPlatform',
        items: [
          { to: '/admin', label: 'nav.adminTenants', icon: '◔' },
          { to: '/admin/onboard', label: 'nav.adminOnboard', icon: '+' },
          { to: '/admin/consortium', label: 'nav.adminConsortium', icon: '⚖' },
          { to: '/admin/audit', label: 'nav.adminAudit', icon: '☰' },
          { to: '/admin/reference-lists', label: 'nav.adminReference', icon: '▤' },
        ],
      },
    ];
  }
  switch (session.role) {
    case 'owner':
      return [
        { title: 'nav.sectionMerchant', items: [overview, reviews, orders, alerts, logins, payments, reports, lists, policy] },
        { title: 'nav.sectionSettings', items: [webhooks, apiKeys, users] },
      ];
    case 'analyst':
      return [{ title: 'nav.sectionMerchant', items: [overview, reviews, orders, alerts, logins, payments, reports, lists, policy] }];
    case 'reviewer':
    default:
      return [{ title: 'nav.sectionMerchant', items: [overview, reviews, orders, alerts, logins, payments, reports] }];
  }
}

/** Where a session lands after sign-in. */
export function homeFor(session: Session): string {
  return session.kind === 'platform_admin' ? '/admin' : '/';
}
