import { Route, Routes } from 'react-router';
import { useMe } from '../auth/session.tsx';
import { AppLayout } from '../components/AppLayout.tsx';
import { AuditPage } from './AuditPage.tsx';
import { CountriesPage } from './CountriesPage.tsx';
import { DashboardPage } from './DashboardPage.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { ProfilePage } from './ProfilePage.tsx';
import { UnitsPage } from './UnitsPage.tsx';
import { UsersPage } from './UsersPage.tsx';

export function AppRoutes() {
  const me = useMe();
  return (
    <AppLayout>
      <Routes>
        <Route path="/" element={<DashboardPage />} />
        <Route path="/directory/countries" element={<CountriesPage />} />
        <Route path="/directory/units" element={<UnitsPage />} />
        {me.can.listUsers && <Route path="/directory/users" element={<UsersPage />} />}
        {me.can.readAudit && <Route path="/audit" element={<AuditPage />} />}
        <Route path="/profile" element={<ProfilePage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </AppLayout>
  );
}
