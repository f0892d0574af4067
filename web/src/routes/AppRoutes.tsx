import { Route, Routes } from 'react-router';
import { canSeeRisk, canWorkWithCargo, useMe } from '../auth/session.tsx';
import { AppLayout } from '../components/AppLayout.tsx';
import { AuditPage } from './AuditPage.tsx';
import { ConsignmentPage } from './ConsignmentPage.tsx';
import { ConsignmentsPage } from './ConsignmentsPage.tsx';
import { CountriesPage } from './CountriesPage.tsx';
import { DashboardPage } from './DashboardPage.tsx';
import { ImportPage } from './ImportPage.tsx';
import { ListsPage } from './ListsPage.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { ProfileEditorPage } from './ProfileEditorPage.tsx';
import { ProfilePage } from './ProfilePage.tsx';
import { ProfilesPage } from './ProfilesPage.tsx';
import { QueuePage } from './QueuePage.tsx';
import { RiskProfilePage } from './RiskProfilePage.tsx';
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
        {canWorkWithCargo(me) && (
          <>
            <Route path="/cargo/import" element={<ImportPage />} />
            <Route path="/cargo/consignments" element={<ConsignmentsPage />} />
            <Route path="/cargo/consignments/:id" element={<ConsignmentPage />} />
            <Route path="/targeting/queue" element={<QueuePage />} />
          </>
        )}
        {canSeeRisk(me) && (
          <>
            <Route path="/risk/profiles" element={<ProfilesPage />} />
            <Route path="/risk/profiles/new" element={<ProfileEditorPage />} />
            <Route path="/risk/profiles/:id" element={<RiskProfilePage />} />
            <Route path="/risk/profiles/:id/edit" element={<ProfileEditorPage />} />
            <Route path="/risk/lists" element={<ListsPage />} />
          </>
        )}
        <Route path="/profile" element={<ProfilePage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </AppLayout>
  );
}
