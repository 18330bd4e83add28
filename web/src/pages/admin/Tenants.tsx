import { Link } from 'react-router';
import { analytics, paths, type TenantRow } from '../../api/analytics';
import { api, call } from '../../api/client';
import { ApprovalTrendChart, COLORS, HorizontalBars } from '../../components/charts';
import { Card, CsvButton, Empty, ErrorMessage, Loading, Page } from '../../components/ui';
import { useI18n } from '../../i18n/i18n';
import { daysAgo, money, number, percent } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import { WarningBadge } from '../Overview';

const THRESHOLD = 500_000;

export function AdminTenants() {
  const { t, lang } = useI18n();
  const rows = useResource(() => analytics.adminTenants(), []);
  // The plain tenant list answers even when analytics do not: participation flags come from it.
  const tenants = useResource(() => call(api.GET('/admin/v1/tenants', { params: { query: { limit: 500 } } })), []);
  const platform = useResource(() => analytics.adminApprovalRate({ from: daysAgo(30), group_by: 'day' }), []);

  const byId = new Map((tenants.data?.items ?? []).map((tn) => [tn.id, tn]));
  const table: TenantRow[] =
    rows.data ??
    (tenants.data?.items ?? []).map((tn) => ({
      tenant_id: tn.id,
      name: tn.name,
      orders_30d: 0,
      approval_rate_30d: null,
      fraud_exposure_month_minor: 0,
      consecutive_months_over: 0,
      warning_level: 'none',
      reports_contributed: 0,
    }));
  const charted = rows.data ?? [];

  return (
    <Page
      title={t('admin.tenants.title')}
      intro={t('admin.tenants.intro')}
      actions={
        <>
          <CsvButton path={paths.adminTenants()} name="tenants" />
          <Link to="/admin/onboard" className="btn btn-primary">
            + {t('nav.adminOnboard')}
          </Link>
        </>
      }
    >
      {rows.error && <ErrorMessage error={rows.error} onRetry={rows.reload} />}
      {charted.length > 0 && (
        <div className="grid grid-2">
          <Card title={t('admin.tenants.approvalChart')}>
            <HorizontalBars
              testId="chart-tenant-approval"
              labels={charted.map((r) => r.name)}
              values={charted.map((r) => r.approval_rate_30d ?? 0)}
              format={(v) => percent(lang, v)}
              max={1}
            />
          </Card>
          <Card title={t('admin.tenants.exposureChart')}>
            <HorizontalBars
              testId="chart-tenant-exposure"
              labels={charted.map((r) => r.name)}
              values={charted.map((r) => r.fraud_exposure_month_minor)}
              format={(v) => money(lang, v)}
              colors={charted.map((r) => (r.fraud_exposure_month_minor > THRESHOLD ? COLORS.bad : '#64748b'))}
            />
          </Card>
        </div>
      )}
      {platform.data && platform.data.rows.length > 0 && (
        <Card title={t('admin.tenants.platformApproval')} actions={<CsvButton path={paths.adminApprovalRate({ from: daysAgo(30), group_by: 'day' })} name="platform-approval-rate" />}>
          <ApprovalTrendChart rows={platform.data.rows} height={200} />
        </Card>
      )}
      {(rows.loading || tenants.loading) && table.length === 0 ? (
        <Loading />
      ) : tenants.error && !rows.data ? (
        <ErrorMessage error={tenants.error} onRetry={tenants.reload} />
      ) : table.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="tenants-table">
            <thead>
              <tr>
                <th>{t('common.name')}</th>
                <th className="num">{t('admin.tenants.orders30d')}</th>
                <th className="num">{t('admin.tenants.approval30d')}</th>
                <th className="num">{t('admin.tenants.exposureMonth')}</th>
                <th className="num">{t('admin.tenants.monthsOver')}</th>
                <th>{t('admin.tenants.warning')}</th>
                <th className="num">{t('admin.tenants.reports')}</th>
                <th>{t('admin.tenants.contributes')}</th>
                <th>{t('admin.tenants.consumes')}</th>
              </tr>
            </thead>
            <tbody>
              {table.map((r) => {
                const tn = byId.get(r.tenant_id);
                return (
                  <tr key={r.tenant_id}>
                    <td>{r.name}</td>
                    <td className="num">{rows.data ? number(lang, r.orders_30d) : '—'}</td>
                    <td className="num">{rows.data ? percent(lang, r.approval_rate_30d) : '—'}</td>
                    <td className="num">{rows.data ? money(lang, r.fraud_exposure_month_minor) : '—'}</td>
                    <td className="num">{rows.data ? r.consecutive_months_over : '—'}</td>
                    <td>{rows.data ? <WarningBadge level={r.warning_level} /> : '—'}</td>
                    <td className="num">{rows.data ? number(lang, r.reports_contributed) : '—'}</td>
                    <td>{tn ? (tn.contributes ? t('common.yes') : t('common.no')) : '—'}</td>
                    <td>{tn ? (tn.consumes ? t('common.yes') : t('common.no')) : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <Empty>{t('admin.tenants.empty')}</Empty>
      )}
    </Page>
  );
}
