// The analytics endpoints (`/v1/analytics/*`, `/admin/v1/analytics/*`) through the typed client.
// Every one also answers CSV with `format=csv`: `paths` gives the URL the download buttons use.
import { api, call, queryString, type Schemas } from './client';
import { currentLivemode } from '../lib/mode';

/** The test/live switch's position, sent with every tenant analytics call (docs/TESTING.md). */
const mode = () => ({ livemode: currentLivemode() });

export type WarningLevel = Schemas['WarningLevel'];
export type ApprovalRateRow = Schemas['ApprovalRateRow'];
export type ApprovalRateReport = Schemas['ApprovalRateReport'];
export type ExposureMonth = Schemas['ExposureMonth'];
export type FraudExposure = Schemas['FraudExposure'];
export type TenantRow = Schemas['TenantRow'];
export type ApprovalGrouping = 'day' | 'week' | 'brand' | 'issuer_country' | 'three_ds' | 'decision';

export interface Period {
  from?: string;
  to?: string;
}
type ApprovalQuery = Period & { group_by?: ApprovalGrouping; compare_from?: string; compare_to?: string };

export const paths = {
  approvalRate: (q: ApprovalQuery) => `/v1/analytics/approval-rate${queryString({ ...q, ...mode() })}`,
  fraudExposure: (months = 12) => `/v1/analytics/fraud-exposure${queryString({ months })}`,
  workload: (p: Period) => `/v1/analytics/workload${queryString({ ...p, ...mode() })}`,
  accuracy: (p: Period) => `/v1/analytics/accuracy${queryString({ ...p, ...mode() })}`,
  consortium: (p: Period) => `/v1/analytics/consortium${queryString({ ...p, ...mode() })}`,
  adminTenants: () => '/admin/v1/analytics/tenants',
  adminApprovalRate: (q: Period & { group_by?: ApprovalGrouping }) => `/admin/v1/analytics/approval-rate${queryString({ ...q })}`,
};

export const analytics = {
  approvalRate: (query: ApprovalQuery) => call(api.GET('/v1/analytics/approval-rate', { params: { query: { ...query, ...mode() } } })),
  fraudExposure: (months = 12) => call(api.GET('/v1/analytics/fraud-exposure', { params: { query: { months } } })),
  workload: (query: Period) => call(api.GET('/v1/analytics/workload', { params: { query: { ...query, ...mode() } } })),
  accuracy: (query: Period) => call(api.GET('/v1/analytics/accuracy', { params: { query: { ...query, ...mode() } } })),
  consortium: (query: Period) => call(api.GET('/v1/analytics/consortium', { params: { query: { ...query, ...mode() } } })),
  overview: () => call(api.GET('/v1/analytics/overview', { params: { query: mode() } })),
  adminTenants: () => call(api.GET('/admin/v1/analytics/tenants')),
  adminApprovalRate: (query: Period & { group_by?: ApprovalGrouping }) => call(api.GET('/admin/v1/analytics/approval-rate', { params: { query } })),
};
