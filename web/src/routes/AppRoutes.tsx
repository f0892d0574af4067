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
import { ModelsPage } from './ModelsPage.tsx';
import { WatchlistPage } from './WatchlistPage.tsx';
import { WatchlistsPage } from './WatchlistsPage.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { ProfileEditorPage } from './ProfileEditorPage.tsx';
import { ProfilePage } from './ProfilePage.tsx';
import { ProfilesPage } from './ProfilesPage.tsx';
import { QueuePage } from './QueuePage.tsx';
import { RiskProfilePage } from './RiskProfilePage.tsx';
import { UnitsPage } from './UnitsPage.tsx';
import { UsersPage } from './UsersPage.tsx';
import { canSeeExchange } from '../components/exchange/access.ts';
import { GroupsPage } from './GroupsPage.tsx';
import { RequestFormPage } from './RequestFormPage.tsx';
import { RequestPage } from './RequestPage.tsx';
import { RequestsPage } from './RequestsPage.tsx';
import { WarningFormPage } from './WarningFormPage.tsx';
import { WarningPage } from './WarningPage.tsx';
import { WarningsPage } from './WarningsPage.tsx';
import { InboxPage } from './InboxPage.tsx';
import { WebhooksPage } from './WebhooksPage.tsx';
import { OperationsPage } from './OperationsPage.tsx';
import { OperationFormPage } from './OperationFormPage.tsx';
import { OperationPage } from './OperationPage.tsx';
import { MeetingsPage } from './MeetingsPage.tsx';
import { MeetingPage } from './MeetingPage.tsx';
import { FollowUpPage } from './FollowUpPage.tsx';
import { canCreateOperations } from '../components/results/labels.ts';
import { canRecordSeizures, canSeeSeizures } from '../components/results/access.ts';
import { SeizureFormPage } from './SeizureFormPage.tsx';
import { SeizurePage } from './SeizurePage.tsx';
import { SeizuresPage } from './SeizuresPage.tsx';
import { StatisticsPage } from './StatisticsPage.tsx';

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
            <Route path="/risk/models" element={<ModelsPage />} />
            <Route path="/risk/watchlists" element={<WatchlistsPage />} />
            <Route path="/risk/watchlists/:id" element={<WatchlistPage />} />
          </>
        )}
        {canSeeExchange(me) && (
          <>
            <Route path="/warnings" element={<WarningsPage />} />
            <Route path="/warnings/new" element={<WarningFormPage />} />
            <Route path="/warnings/:id" element={<WarningPage />} />
            <Route path="/requests" element={<RequestsPage />} />
            <Route path="/requests/new" element={<RequestFormPage />} />
            <Route path="/requests/:id" element={<RequestPage />} />
            <Route path="/groups" element={<GroupsPage />} />
          </>
        )}
        <Route path="/operations" element={<OperationsPage />} />
        {canCreateOperations(me.role) && <Route path="/operations/new" element={<OperationFormPage />} />}
        <Route path="/operations/:id" element={<OperationPage />} />
        <Route path="/meetings" element={<MeetingsPage />} />
        <Route path="/recommendations/follow-up" element={<FollowUpPage />} />
        <Route path="/meetings/:id" element={<MeetingPage />} />
        <Route path="/inbox" element={<InboxPage />} />
        {(me.role === 'network_admin' || me.role === 'national_coordinator') && <Route path="/webhooks" element={<WebhooksPage />} />}
        {canSeeSeizures(me) && (
          <>
            <Route path="/seizures" element={<SeizuresPage />} />
            {canRecordSeizures(me) && <Route path="/seizures/new" element={<SeizureFormPage />} />}
            <Route path="/seizures/:id" element={<SeizurePage />} />
            <Route path="/seizures/:id/edit" element={<SeizureFormPage />} />
          </>
        )}
        <Route path="/statistics" element={<StatisticsPage />} />
        <Route path="/profile" element={<ProfilePage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </AppLayout>
  );
}
