import { Alert, Anchor, Badge, Group, Paper, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useNotificationCount } from '../api/delivery.ts';
import { useRequests, useWarnings } from '../api/exchange.ts';
import { useQueue, useStatistics, useUnit } from '../api/queries.ts';
import type { RiskReason } from '../api/types.ts';
import { useOperations } from '../api/results-operations.ts';
import { useMe } from '../auth/session.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { LaneBadge, ScoreBadge } from '../components/RiskBadges.tsx';
import { formatDate, formatNumber, formatPercent } from '../lib/format.ts';
import { localName, roleLabel, useCountryNames } from '../lib/labels.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

const ONE_ROW = { limit: 1, offset: 0 };

/** The heaviest reason in a few words: the profile or list name, or what the model or data quality says. */
function reasonTitle(t: TFunction, reasons: RiskReason[]): string {
  const top = [...reasons].sort((a, b) => b.weight - a.weight)[0];
  if (!top) return '';
  switch (top.kind) {
    case 'profile':
      return top.name;
    case 'watchlist':
      return `${top.watchlistName}: ${top.matchedName}`;
    case 'data_quality':
      return t('dashboard.reasonQuality', { score: top.score });
    default:
      return t('dashboard.reasonModel');
  }
}

/** A figure that leads to the page where the work is done. `count` undefined = still loading. */
function Tile({ label, count, to, hint, alert }: { label: string; count: number | undefined; to: string; hint?: string | undefined; alert?: boolean }) {
  const { i18n } = useTranslation();
  return (
    <Paper withBorder p="md" component={Link} to={to} data-testid={`tile-${to}`} style={{ textDecoration: 'none', color: 'inherit' }}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      {count === undefined ? (
        <Skeleton h={32} w={60} mt={4} />
      ) : (
        <Text fz={28} fw={700} c={alert && count > 0 ? 'red' : undefined} data-value={count}>
          {formatNumber(count, i18n.language)}
        </Text>
      )}
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

/** A titled block of the home page with a link to the page it summarises. */
function Panel({ title, to, linkLabel, children }: { title: string; to: string; linkLabel: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4">
          {title}
        </Title>
        <Anchor component={Link} to={to} size="sm">
          {linkLabel}
        </Anchor>
      </Group>
      {children}
    </Paper>
  );
}

function Kpi({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <Paper withBorder p="sm" data-testid={`kpi-${id}`}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fz={22} fw={700}>
        {value}
      </Text>
    </Paper>
  );
}

/** The unit's work for today: the top of the targeting queue, warnings to answer or approve, unread notifications. */
function UnitWork({ unitId }: { unitId: string }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const queue = useQueue(unitId, false, 0, 5);
  const inbox = useWarnings({ box: 'inbox', state: 'sent' }, ONE_ROW);
  const overdue = useWarnings({ box: 'inbox', state: 'sent', overdue: true }, ONE_ROW);
  const approvals = useWarnings({ box: 'outbox', state: 'pending_approval' }, ONE_ROW);
  const requests = useRequests({ box: 'inbox', state: 'open', limit: 1, offset: 0 });
  const notifications = useNotificationCount();
  const canApprove = me.role === 'unit_head' || me.role === 'national_coordinator';
  const rows = queue.data?.data ?? [];
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, sm: canApprove ? 5 : 4 }}>
        <Tile label={t('dashboard.unread')} count={notifications.data?.unread} to="/inbox" />
        <Tile label={t('dashboard.incomingWarnings')} count={inbox.data?.total} to="/warnings" />
        <Tile label={t('dashboard.overdueWarnings')} count={overdue.data?.total} to="/warnings" hint={t('dashboard.overdueHint')} alert />
        {canApprove && <Tile label={t('dashboard.awaitingApproval')} count={approvals.data?.total} to="/warnings" hint={t('dashboard.approvalHint')} alert />}
        <Tile label={t('dashboard.openRequests')} count={requests.data?.page?.total} to="/requests" />
      </SimpleGrid>
      <Panel title={t('dashboard.queueTitle')} to="/targeting/queue" linkLabel={t('dashboard.openQueue')}>
        {queue.isPending ? (
          <Skeleton h={120} />
        ) : rows.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('dashboard.queueEmpty')}
          </Text>
        ) : (
          <Table aria-label={t('dashboard.queueTitle')} verticalSpacing={4}>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td w={70}>
                    <ScoreBadge score={r.score} size="md" />
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/cargo/consignments/${r.id}`} ff="monospace" size="sm">
                      {r.documentNumber}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{[r.placeOfLoading, ...r.transshipments, r.placeOfDischarge].filter(Boolean).join(' → ')}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={1}>
                      {reasonTitle(t, r.reasons)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDate(r.estimatedArrivalDate, i18n.language)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <LaneBadge lane={r.suggestedLane} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Panel>
    </Stack>
  );
}

/** Network figures of the last 12 months: aggregates only, so observers see the same block. */
function NetworkFigures() {
  const { t, i18n } = useTranslation();
  const stats = useStatistics({});
  const k = stats.data?.kpis;
  const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : formatPercent(x, i18n.language));
  return (
    <Panel title={t('dashboard.figuresTitle')} to="/statistics" linkLabel={t('dashboard.openStatistics')}>
      {!k ? (
        <Skeleton h={70} />
      ) : (
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Kpi id="seizures" label={t('dashboard.kpiSeizures')} value={formatNumber(k.seizures, i18n.language)} />
          <Kpi id="shared" label={t('dashboard.kpiShared')} value={`${formatNumber(k.onSharedInformation, i18n.language)} (${pct(k.sharedShare)})`} />
          <Kpi id="answered" label={t('dashboard.kpiAnswered')} value={`${formatNumber(k.warningsAnswered, i18n.language)} / ${formatNumber(k.warningsSent, i18n.language)}`} />
          <Kpi id="hitRate" label={t('dashboard.kpiHitRate')} value={`${pct(k.hitRate)} · ${formatNumber(k.inspections, i18n.language)}`} />
        </SimpleGrid>
      )}
    </Panel>
  );
}

function ActiveOperations() {
  const { t, i18n } = useTranslation();
  const ops = useOperations('active', 0, 5);
  const rows = ops.data?.data ?? [];
  if (ops.isPending || rows.length === 0) return null;
  return (
    <Panel title={t('dashboard.operationsTitle')} to="/operations" linkLabel={t('dashboard.openOperations')}>
      <Stack gap={6}>
        {rows.map((o) => (
          <Group key={o.id} gap="sm" wrap="nowrap">
            <Anchor component={Link} to={`/operations/${o.id}`} size="sm" fw={600}>
              {o.code ? `${o.code}: ${o.name}` : o.name}
            </Anchor>
            <Text size="sm" c="dimmed">
              {formatDate(o.startsOn, i18n.language)} – {formatDate(o.endsOn, i18n.language)}
            </Text>
            <Badge variant="light">{t('dashboard.operationSeizures', { count: o.seizures })}</Badge>
          </Group>
        ))}
      </Stack>
    </Panel>
  );
}

/** Home: who and where you are, the unit's work for today, and the network's figures. */
export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const unit = useUnit(me.unit?.id);
  const { name } = useCountryNames();
  useDocumentTitle(t('nav.dashboard'));
  const where = me.unit ? `${unit.data ? localName(i18n.language, unit.data) : me.unit.name} (${me.unit.code})` : me.country ? name(me.country) : t('dashboard.noCountry');
  return (
    <Stack gap="md" maw={1200}>
      <PageHeader title={t('dashboard.title', { name: me.displayName })} intro={`${roleLabel(t, me.role)} · ${where}`} />
      {!me.totpEnabled && me.role !== 'observer' && (
        <Alert color="yellow" variant="light">
          <Anchor component={Link} to="/profile" size="sm">
            {t('dashboard.twoFactorOff')}
          </Anchor>
        </Alert>
      )}
      {me.unit && me.role !== 'observer' && <UnitWork unitId={me.unit.id} />}
      {!me.unit && me.role !== 'observer' && (
        <Text size="sm" c="dimmed">
          {t('dashboard.noUnitWork')}
        </Text>
      )}
      <NetworkFigures />
      {me.role !== 'observer' && <ActiveOperations />}
    </Stack>
  );
}
