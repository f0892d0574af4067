import { Badge, Button, Grid, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Table, Tabs, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  operationsApi,
  operationsKeys,
  useAfterActionReport,
  useDailyReports,
  useOperation,
  useOperationFeed,
  type DailyReport,
  type FeedItem,
  type OperationDetail,
  type OperationState,
} from '../api/results-operations.ts';
import { useUnits } from '../api/queries.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { ListPager } from '../components/ListPager.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { TableState } from '../components/TableState.tsx';
import { PortsMap } from '../components/results/PortsMap.tsx';
import { useCommodityLabel } from '../components/results/labels.ts';
import { formatDate, formatDateTime, formatNumber, formatPercent, formatDecimal } from '../lib/format.ts';
import { localName, useCountryNames } from '../lib/labels.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { STATE_COLORS } from './OperationsPage.tsx';

type Full = Extract<OperationDetail, { view: 'full' }>;

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl">
        {value}
      </Text>
    </Paper>
  );
}

function StateActions({ op }: { op: OperationDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (s: OperationState) => operationsApi.setState(op.id, s),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: operationsKeys.operationsAll }),
  });
  const next = op.can.nextStates ?? [];
  if (!next.length) return null;
  return (
    <Group gap="xs">
      <ErrorAlert error={change.error} />
      {next.map((s) => (
        <Button key={s} variant={s === 'active' ? 'filled' : 'default'} onClick={() => change.mutate(s)} loading={change.isPending && change.variables === s}>
          {t(`operations.setState.${s}`)}
        </Button>
      ))}
    </Group>
  );
}

function Feed({ opId }: { opId: string }) {
  const { t, i18n } = useTranslation();
  const countries = useCountryNames();
  const [offset, setOffset] = useState(0);
  const feed = useOperationFeed(opId, offset, true);
  const items = feed.data?.data ?? [];
  const link = (i: FeedItem) => (i.kind === 'seizure' ? `/seizures/${i.id}` : `/warnings/${i.warningId}`);
  return (
    <Stack gap="xs">
      <ErrorAlert error={feed.error} onRetry={() => void feed.refetch()} />
      <Table verticalSpacing="xs" data-testid="operation-feed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('operations.feed.at')}</Table.Th>
            <Table.Th scope="col">{t('operations.feed.kind')}</Table.Th>
            <Table.Th scope="col">{t('operations.feed.from')}</Table.Th>
            <Table.Th scope="col">{t('operations.feed.subject')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <TableState colSpan={4} loading={feed.isPending} empty={!feed.isPending && items.length === 0} emptyText={t('operations.feed.empty')} />
          {items.map((i) => (
            <Table.Tr key={`${i.kind}-${i.id}`}>
              <Table.Td>{formatDateTime(i.at, i18n.language)}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={i.kind === 'seizure' ? 'red' : i.kind === 'warning' ? 'orange' : 'teal'}>
                  {t(`operations.feed.kinds.${i.kind}`)}
                </Badge>
              </Table.Td>
              <Table.Td>
                {countries.name(i.country)}{' '}
                <Text span className="mono" size="xs" c="dimmed">
                  {i.unitCode}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text component={Link} to={link(i)} size="sm" c="blue.8" dir="auto">
                  {i.title}
                </Text>
                <Group gap={4} mt={2}>
                  <Badge size="xs" variant="outline">
                    TLP:{i.tlp}
                  </Badge>
                  {i.result && (
                    <Badge size="xs" variant="outline" color="gray">
                      {t(`operations.feed.results.${i.result}`, { defaultValue: i.result })}
                    </Badge>
                  )}
                  {i.onSharedInformation && (
                    <Badge size="xs" color="grape">
                      {t('operations.report.onShared')}
                    </Badge>
                  )}
                  {i.commodities && (
                    <Text span size="xs" c="dimmed">
                      {i.commodities}
                    </Text>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <ListPager page={feed.data?.page} onPage={setOffset} />
    </Stack>
  );
}

function DailyReportForm({ opId, today }: { opId: string; today: DailyReport | undefined }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [screened, setScreened] = useState<number | string>(today?.screened ?? '');
  const [selected, setSelected] = useState<number | string>(today?.selected ?? '');
  const [inspected, setInspected] = useState<number | string>(today?.inspected ?? '');
  const [notes, setNotes] = useState(today?.notes ?? '');
  const save = useMutation({
    mutationFn: () => operationsApi.fileDailyReport(opId, { screened: Number(screened), selected: Number(selected), inspected: Number(inspected), ...(notes.trim() ? { notes: notes.trim() } : {}) }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: operationsKeys.operationsAll }),
  });
  return (
    <Paper withBorder p="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={3} size="h5">
            {today ? t('operations.daily.correct') : t('operations.daily.file')}
          </Title>
          <ErrorAlert error={save.error} />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NumberInput label={t('operations.daily.screened')} value={screened} onChange={setScreened} min={0} allowDecimal={false} required />
            <NumberInput label={t('operations.daily.selected')} value={selected} onChange={setSelected} min={0} allowDecimal={false} required />
            <NumberInput label={t('operations.daily.inspected')} value={inspected} onChange={setInspected} min={0} allowDecimal={false} required />
          </SimpleGrid>
          <Textarea label={t('operations.daily.notes')} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} autosize minRows={2} maxLength={5000} />
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {t('operations.daily.hint')}
            </Text>
            <Button type="submit" loading={save.isPending} disabled={screened === '' || selected === '' || inspected === ''}>
              {t('common.save')}
            </Button>
          </Group>
          {save.isSuccess && (
            <Text size="sm" c="green.8" role="status">
              {t('operations.daily.saved')}
            </Text>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

function DailyReports({ op }: { op: Full }) {
  const { t, i18n } = useTranslation();
  const reports = useDailyReports(op.id, true);
  const rows = reports.data?.data ?? [];
  const mine = rows.find((r) => r.editable);
  return (
    <Stack gap="md">
      {op.can.report && !reports.isPending && <DailyReportForm opId={op.id} today={mine} />}
      <ErrorAlert error={reports.error} onRetry={() => void reports.refetch()} />
      {reports.data && (
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Figure label={t('operations.daily.reports')} value={formatNumber(reports.data.totals.reports, i18n.language)} />
          <Figure label={t('operations.daily.screened')} value={formatNumber(reports.data.totals.screened, i18n.language)} />
          <Figure label={t('operations.daily.selected')} value={formatNumber(reports.data.totals.selected, i18n.language)} />
          <Figure label={t('operations.daily.inspected')} value={formatNumber(reports.data.totals.inspected, i18n.language)} />
        </SimpleGrid>
      )}
      <Table.ScrollContainer minWidth={640}>
        <Table striped verticalSpacing="xs" data-testid="daily-reports">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('operations.daily.day')}</Table.Th>
              <Table.Th scope="col">{t('operations.daily.unit')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('operations.daily.screened')}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t('operations.daily.selected')}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t('operations.daily.inspected')}
              </Table.Th>
              <Table.Th scope="col">{t('operations.daily.notes')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState colSpan={6} loading={reports.isPending} empty={!reports.isPending && rows.length === 0} emptyText={t('operations.daily.empty')} />
            {rows.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{formatDate(r.reportDate, i18n.language)}</Table.Td>
                <Table.Td className="mono">{r.unitCode}</Table.Td>
                <Table.Td ta="right">{r.screened}</Table.Td>
                <Table.Td ta="right">{r.selected}</Table.Td>
                <Table.Td ta="right">{r.inspected}</Table.Td>
                <Table.Td dir="auto">{r.notes}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function AfterAction({ opId }: { opId: string }) {
  const { t, i18n } = useTranslation();
  const countries = useCountryNames();
  const commodity = useCommodityLabel();
  const report = useAfterActionReport(opId);
  const r = report.data;
  const lang = i18n.language;
  const hours = (h: number | null) => (h === null ? '—' : formatDecimal(h, lang, 1));
  return (
    <Stack gap="md" data-testid="after-action">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('operations.report.intro')}
        </Text>
        <Button component="a" href={operationsApi.reportPdfUrl(opId, lang)} variant="default" download>
          {t('operations.report.pdf')}
        </Button>
      </Group>
      <ErrorAlert error={report.error} onRetry={() => void report.refetch()} />
      {r && (
        <>
          <Title order={3} size="h5">
            {t('operations.report.cargo')}
          </Title>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            <Figure label={t('operations.report.screened')} value={formatNumber(r.cargo.screened, lang)} testId="figure-screened" />
            <Figure label={t('operations.report.selected')} value={formatNumber(r.cargo.selected, lang)} />
            <Figure label={t('operations.report.inspected')} value={formatNumber(r.cargo.inspected, lang)} />
            <Figure label={t('operations.report.hitRate')} value={r.cargo.hitRate === null ? '—' : formatPercent(r.cargo.hitRate, lang, 1)} />
          </SimpleGrid>
          <Title order={3} size="h5">
            {t('operations.report.warnings')}
          </Title>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            <Figure label={t('operations.report.exchanged')} value={formatNumber(r.warnings.exchanged, lang)} />
            <Figure label={t('operations.report.answered')} value={formatNumber(r.warnings.answered, lang)} />
            <Figure label={t('operations.report.median')} value={hours(r.warnings.medianResponseHours)} />
            <Figure label={t('operations.report.max')} value={hours(r.warnings.maxResponseHours)} />
          </SimpleGrid>
          <Title order={3} size="h5">
            {t('operations.report.seizures')}
          </Title>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            <Figure label={t('operations.report.seizures')} value={formatNumber(r.seizures.total, lang)} />
            <Figure label={t('operations.report.onShared')} value={formatNumber(r.seizures.onSharedInformation, lang)} testId="figure-on-shared" />
          </SimpleGrid>
          <Grid>
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Table verticalSpacing="xs" striped>
                <Table.Caption>{t('operations.report.byCommodity')}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('operations.report.commodity')}</Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('operations.report.seizures')}
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('operations.report.quantity')}
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  <TableState colSpan={3} loading={false} empty={r.seizures.byCommodity.length === 0} emptyText={t('operations.report.noSeizures')} />
                  {r.seizures.byCommodity.map((c) => (
                    <Table.Tr key={`${c.commodity}-${c.unit}`}>
                      <Table.Th scope="row" fw={500}>
                        {commodity(c.commodity)}
                      </Table.Th>
                      <Table.Td ta="right">{c.seizures}</Table.Td>
                      <Table.Td ta="right">
                        {formatNumber(c.quantity, lang)} {c.unit}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Table verticalSpacing="xs" striped>
                <Table.Caption>{t('operations.report.byCountry')}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('operations.report.country')}</Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('operations.report.seizures')}
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('operations.report.onShared')}
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  <TableState colSpan={3} loading={false} empty={r.seizures.byCountry.length === 0} emptyText={t('operations.report.noSeizures')} />
                  {r.seizures.byCountry.map((c) => (
                    <Table.Tr key={c.country}>
                      <Table.Th scope="row" fw={500}>
                        {countries.name(c.country)}
                      </Table.Th>
                      <Table.Td ta="right">{c.seizures}</Table.Td>
                      <Table.Td ta="right">{c.onSharedInformation}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Grid.Col>
          </Grid>
          <Text size="sm" c="dimmed">
            {t('operations.report.reported', { reports: r.reported.reports, screened: r.reported.screened, selected: r.reported.selected, inspected: r.reported.inspected })}
          </Text>
        </>
      )}
    </Stack>
  );
}

const WHOLE_COUNTRY = '*';

/** Admit a participating country (all its units) or one unit; the coordinating side only, until the operation closes. */
function AdmitParticipant({ op }: { op: Full }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const countries = useCountryNames();
  const [country, setCountry] = useState<string | null>(null);
  const [unitId, setUnitId] = useState<string>(WHOLE_COUNTRY);
  const units = useUnits({ country, limit: 200 }, !!country);
  const admit = useMutation({
    mutationFn: () => operationsApi.admit(op.id, { country: country!, unitId: unitId === WHOLE_COUNTRY ? null : unitId }),
    onSuccess: async () => {
      setCountry(null);
      setUnitId(WHOLE_COUNTRY);
      await queryClient.invalidateQueries({ queryKey: operationsKeys.operationsAll });
    },
  });
  return (
    <Stack gap="xs">
      <Title order={3} size="h6">
        {t('operations.members.admitTitle')}
      </Title>
      <ErrorAlert error={admit.error} />
      <Group gap="xs" align="flex-end" wrap="wrap">
        <Select
          label={t('operations.members.country')}
          data={countries.memberOptions}
          value={country}
          onChange={(v) => {
            setCountry(v);
            setUnitId(WHOLE_COUNTRY);
          }}
          searchable
          w={220}
        />
        <Select
          label={t('operations.members.unit')}
          data={[{ value: WHOLE_COUNTRY, label: t('operations.members.allUnits') }, ...(units.data?.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: `${u.code} — ${localName(i18n.language, u)}` }))]}
          value={unitId}
          onChange={(v) => setUnitId(v ?? WHOLE_COUNTRY)}
          disabled={!country}
          allowDeselect={false}
          w={340}
        />
        <Button onClick={() => admit.mutate()} disabled={!country} loading={admit.isPending}>
          {t('operations.members.admit')}
        </Button>
      </Group>
    </Stack>
  );
}

/** The operation's participants (its closed group's members); the coordinating side admits and removes them. */
function Participants({ op }: { op: Full }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const countries = useCountryNames();
  const manage = op.can.manage && op.state !== 'closed';
  const remove = useMutation({
    mutationFn: (m: Full['members'][number]) => operationsApi.remove(op.id, { country: m.country, unitId: m.unitId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: operationsKeys.operationsAll }),
  });
  const label = (m: Full['members'][number]) => (m.unitCode ? `${countries.name(m.country)} · ${m.unitCode}` : `${countries.name(m.country)} (${t('operations.members.allUnits')})`);
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('operations.members.intro')}
      </Text>
      <Text size="sm">
        <b>{t('operations.coordinating')}:</b> <span className="mono">{op.coordinatingUnit?.code}</span> {op.coordinatingUnit ? localName(i18n.language, op.coordinatingUnit) : ''}
      </Text>
      <ErrorAlert error={remove.error} />
      <Table verticalSpacing="xs" striped data-testid="operation-members">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('operations.members.member')}</Table.Th>
            <Table.Th scope="col">{t('operations.members.unitName')}</Table.Th>
            {manage && <Table.Th scope="col">{t('common.actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {op.members.map((m) => (
            <Table.Tr key={`${m.country}-${m.unitId ?? ''}`} data-country={m.country} data-unit={m.unitCode ?? ''}>
              <Table.Th scope="row" fw={500}>
                {label(m)}
              </Table.Th>
              <Table.Td>{m.unitName ?? '—'}</Table.Td>
              {manage && (
                <Table.Td>
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    onClick={() => remove.mutate(m)}
                    loading={remove.isPending && remove.variables === m}
                    disabled={op.members.length === 1}
                    aria-label={t('operations.members.removeMember', { member: label(m) })}
                  >
                    {t('operations.members.remove')}
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {manage && <AdmitParticipant op={op} />}
    </Stack>
  );
}

function Overview({ op }: { op: Full }) {
  const { t, i18n } = useTranslation();
  const countries = useCountryNames();
  const commodity = useCommodityLabel();
  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 7 }}>
        <PortsMap
          title={t('operations.map')}
          ports={op.units.map((u) => ({ code: u.code, label: `${u.code} — ${localName(i18n.language, u)} (${u.placeName ?? u.locode})`, lat: u.lat, lon: u.lon, highlight: u.coordinating }))}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Stack gap="xs">
          {op.description && (
            <Text size="sm" dir="auto">
              {op.description}
            </Text>
          )}
          <Text size="sm">
            <b>{t('operations.coordinating')}:</b> <span className="mono">{op.coordinatingUnit?.code}</span> {op.coordinatingUnit ? localName(i18n.language, op.coordinatingUnit) : ''}
          </Text>
          <Text size="sm">
            <b>{t('operations.targetCommodities')}:</b> {op.targetCommodities.map(commodity).join(', ') || '—'}
          </Text>
          <Text size="sm">
            <b>{t('operations.profiles')}:</b> {op.profiles.map((p) => p.name).join('; ') || '—'}
          </Text>
          <Title order={3} size="h6" mt="xs">
            {t('operations.units')}
          </Title>
          <Stack gap={2} component="ul" className="plain-list" data-testid="operation-units">
            {op.units.map((u) => (
              <Text key={u.id} component="li" size="sm">
                <span className="mono">{u.code}</span> {localName(i18n.language, u)}, {countries.name(u.country)}
                {u.coordinating && (
                  <Badge ml={6} size="xs" color="red" variant="light">
                    {t('operations.coordinatingBadge')}
                  </Badge>
                )}
              </Text>
            ))}
          </Stack>
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

export function OperationPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const countries = useCountryNames();
  const query = useOperation(id);
  const op = query.data;
  useDocumentTitle(op ? ('code' in op ? op.code : op.name) : t('operations.title'));
  if (query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (!op) return null;
  const period = `${formatDate(op.startsOn, i18n.language)} – ${formatDate(op.endsOn, i18n.language)}`;
  return (
    <Stack gap="md">
      <PageHeader
        title={op.view === 'full' ? `${op.code}: ${op.name}` : op.name}
        intro={
          <>
            {period} ·{' '}
            <Badge color={STATE_COLORS[op.state]} variant="light" component="span">
              {t(`operations.states.${op.state}`)}
            </Badge>{' '}
            · {op.countries.map((c) => countries.name(c)).join(', ')}
          </>
        }
        actions={<StateActions op={op} />}
      />
      {op.view === 'aggregate' ? (
        <>
          <Text size="sm" c="dimmed">
            {t('operations.aggregateOnly')}
          </Text>
          <AfterAction opId={op.id} />
        </>
      ) : (
        <Tabs defaultValue="room" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="room">{t('operations.tabs.room')}</Tabs.Tab>
            <Tabs.Tab value="participants">{t('operations.tabs.participants')}</Tabs.Tab>
            <Tabs.Tab value="daily">{t('operations.tabs.daily')}</Tabs.Tab>
            <Tabs.Tab value="report">{t('operations.tabs.report')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="room" pt="md">
            <Stack gap="lg">
              <Overview op={op} />
              <Title order={2} size="h4">
                {t('operations.feed.title')}
              </Title>
              <Feed opId={op.id} />
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="participants" pt="md">
            <Participants op={op} />
          </Tabs.Panel>
          <Tabs.Panel value="daily" pt="md">
            <DailyReports op={op} />
          </Tabs.Panel>
          <Tabs.Panel value="report" pt="md">
            <AfterAction opId={op.id} />
          </Tabs.Panel>
        </Tabs>
      )}
    </Stack>
  );
}
