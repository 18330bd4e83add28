import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { useAuth } from './auth';
import { Layout } from './components/Layout';
import { useI18n } from './i18n/i18n';
import { homeFor } from './nav';
import { Login } from './pages/Login';
import { Overview } from './pages/Overview';
import { Reviews } from './pages/Reviews';
import { Orders } from './pages/Orders';
import { OrderDetail } from './pages/OrderDetail';
import { FraudReports } from './pages/FraudReports';
import { Lists } from './pages/Lists';
import { Alerts } from './pages/Alerts';
import { Policy } from './pages/Policy';
import { Webhooks } from './pages/Webhooks';
import { ApiKeys } from './pages/ApiKeys';
import { Users } from './pages/Users';
import { AdminTenants } from './pages/admin/Tenants';
import { Onboard } from './pages/admin/Onboard';
import { Consortium } from './pages/admin/Consortium';
import { AuditLog } from './pages/admin/AuditLog';
import { ReferenceLists } from './pages/admin/ReferenceLists';
import { LoginEvents, PaymentAttempts } from './pages/Activity';

function RequireSession({ admin }: { admin: boolean }) {
  const { session } = useAuth();
  const location = useLocation();
  if (!session) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (admin !== (session.kind === 'platform_admin')) return <Navigate to={homeFor(session)} replace />;
  return <Layout />;
}

/** An unknown address: said plainly, with the way back to where the user belongs. */
function NotFound() {
  const { t } = useI18n();
  const { session } = useAuth();
  const home = session ? homeFor(session) : '/login';
  return (
    <main className="not-found" data-testid="not-found">
      <div className="not-found-mark" aria-hidden="true">
        404
      </div>
      <h1>{t('notFound.title')}</h1>
      <p>{t('error.notFoundPage')}</p>
      <div className="dialog-actions" style={{ justifyContent: 'center' }}>
        <button type="button" className="btn" onClick={() => window.history.back()}>
          ← {t('common.back')}
        </button>
        <Link to={home} className="btn btn-primary" data-testid="not-found-home">
          {session ? t('notFound.home') : t('notFound.signIn')}
        </Link>
      </div>
    </main>
  );
}

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<Login />} />
      <Route element={<RequireSession admin={false} />}>
        <Route index element={<Overview />} />
        <Route path="reviews" element={<Reviews />} />
        <Route path="orders" element={<Orders />} />
        <Route path="orders/:id" element={<OrderDetail />} />
        <Route path="reports" element={<FraudReports />} />
        <Route path="lists" element={<Lists />} />
        <Route path="alerts" element={<Alerts />} />
        <Route path="logins" element={<LoginEvents />} />
        <Route path="payments" element={<PaymentAttempts />} />
        <Route path="policy" element={<Policy />} />
        <Route path="webhooks" element={<Webhooks />} />
        <Route path="api-keys" element={<ApiKeys />} />
        <Route path="users" element={<Users />} />
      </Route>
      <Route path="/admin" element={<RequireSession admin />}>
        <Route index element={<AdminTenants />} />
        <Route path="onboard" element={<Onboard />} />
        <Route path="consortium" element={<Consortium />} />
        <Route path="audit" element={<AuditLog />} />
        <Route path="reference-lists" element={<ReferenceLists />} />
      </Route>
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
