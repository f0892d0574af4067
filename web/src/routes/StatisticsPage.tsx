import '@mantine/charts/styles.css';
import { BarChart, LineChart } from '@mantine/charts';
import { Anchor, Button, Group, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { statisticsApi } from '../api/endpoints.ts';
import { useStatistics } from '../api/queries.ts';
import type { StatsFilter } from '../api/types.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { NetworkMap } from '../components/results/NetworkMap.tsx';
import { formatDecimal, formatNumber, formatPercent } from '../lib/format.ts';
import { useCountryNames } from '../lib/labels.ts';
import { useTaxonomyLabels } from '../lib/taxonomy.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The last twelve months up to today, unless the address says otherwise. */
function filterFrom(params: URLSearchParams): StatsFilter {
  const now = new Date();
  const yearAgo = new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), 1));
  const f: StatsFilter = { from: params.get('from') ?? day(yearAgo), to: params.get('to') ?? day(now) };
  if (params.get('country')) f.country = params.get('country')!;
  if (params.get('commodity')) f.commodity = params.get('commodity')!;
  return f;
}

function Kpi({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Paper withBorder p="md" data-testid={testId}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text fz={28} fw={700} lh={1.2} data-testid={`${testId}-value`}>
        {value}
      </Text>
    </Paper>
  );
}

function CsvLink({ table, filter, label }: { table: string; filter: StatsFilter; label: string }) {
  const { t } = useTranslation();
  return (
    <Anchor href={statisticsApi.csvUrl(table, filter)} size="xs" aria-label={t('results.stats.downloadTable', { table: label })} download>
      {t('results.stats.csv')}
    </Anchor>
  );
}

/** Results → Statistics: KPIs, charts, network map (aggregates only; observers see this page and nothing else of results). */
export function StatisticsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  useDocumentTitle(t('results.stats.title'));
  const countries = useCountryNames();
  const tax = useTaxonomyLabels();
  const [params, setParams] = useSearchParams();
  const filter = filterFrom(params);
  const [draft, setDraft] = useState<StatsFilter>(filter);
  const query = useStatistics(filter);
  const d = query.data;
  const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : formatPercent(x, lang, 1));

  const apply = () => {
    const next = new URLSearchParams();
    for (const k of ['from', 'to', 'country', 'commodity'] as const) if (draft[k]) next.set(k, draft[k]);
    setParams(next);
  };

  return (
    <Stack gap="md">
      <PageHeader
        title={t('results.stats.title')}
        intro={t('results.stats.intro')}
        actions={
          <Button component="a" href={statisticsApi.pdfUrl(filter, lang)} variant="default" download data-testid="stats-pdf">
            {t('results.stats.pdf')}
          </Button>
        }
      />
      <Paper withBorder p="md">
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            apply();
          }}
        >
          <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="sm">
            <TextInput type="date" label={t('results.stats.from')} value={draft.from ?? ''} onChange={(e) => setDraft((x) => ({ ...x, from: e.currentTarget.value }))} />
            <TextInput type="date" label={t('results.stats.to')} value={draft.to ?? ''} onChange={(e) => setDraft((x) => ({ ...x, to: e.currentTarget.value }))} />
            <Select label={t('results.stats.country')} placeholder={t('results.any')} data={countries.memberOptions} value={draft.country ?? null} onChange={(v) => setDraft((x) => ({ ...x, country: v ?? undefined }))} clearable searchable />
            <Select label={t('results.stats.commodity')} placeholder={t('results.any')} data={tax.options('commodities')} value={draft.commodity ?? null} onChange={(v) => setDraft((x) => ({ ...x, commodity: v ?? undefined }))} clearable searchable />
            <Group align="flex-end">
              <Button type="submit">{t('results.stats.apply')}</Button>
            </Group>
          </SimpleGrid>
        </form>
      </Paper>
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      {d && (
        <>
          <Group justify="space-between">
            <Title order={2} size="h4">
              {t('results.stats.kpis')}
            </Title>
            <CsvLink table="kpis" filter={filter} label={t('results.stats.kpis')} />
          </Group>
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm" aria-busy={query.isFetching}>
            <Kpi testId="kpi-seizures" label={t('results.stats.seizures')} value={formatNumber(d.kpis.seizures, lang)} />
            <Kpi testId="kpi-shared" label={t('results.stats.onShared')} value={formatNumber(d.kpis.onSharedInformation, lang)} />
            <Kpi testId="kpi-shared-share" label={t('results.stats.sharedShare')} value={pct(d.kpis.sharedShare)} />
            <Kpi testId="kpi-warnings" label={t('results.stats.warningsSent')} value={formatNumber(d.kpis.warningsSent, lang)} />
            <Kpi testId="kpi-answered" label={t('results.stats.warningsAnswered')} value={`${formatNumber(d.kpis.warningsAnswered, lang)} (${pct(d.kpis.answerRate)})`} />
            <Kpi testId="kpi-hit-rate" label={t('results.stats.hitRate')} value={`${pct(d.kpis.hitRate)} · ${formatNumber(d.kpis.inspections, lang)}`} />
          </SimpleGrid>

          <Paper withBorder p="md">
            <Group justify="space-between" mb="sm">
              <Title order={2} size="h4">
                {t('results.stats.monthly')}
              </Title>
              <CsvLink table="monthly" filter={filter} label={t('results.stats.monthly')} />
            </Group>
            <LineChart
              h={260}
              data={d.monthly}
              dataKey="month"
              series={[
                { name: 'seizures', label: t('results.stats.seizures'), color: 'blue.6' },
                { name: 'onSharedInformation', label: t('results.stats.onShared'), color: 'grape.6' },
              ]}
              withLegend
              curveType="linear"
            />
          </Paper>

          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <Paper withBorder p="md">
              <Group justify="space-between" mb="sm">
                <Title order={2} size="h4">
                  {t('results.stats.byCountry')}
                </Title>
                <CsvLink table="by-country" filter={filter} label={t('results.stats.byCountry')} />
              </Group>
              <BarChart
                h={Math.max(200, d.byCountry.length * 28)}
                data={d.byCountry.map((c) => ({ ...c, name: countries.name(c.country) }))}
                dataKey="name"
                orientation="vertical"
                yAxisProps={{ width: 110 }}
                series={[
                  { name: 'seizures', label: t('results.stats.seizures'), color: 'blue.6' },
                  { name: 'onSharedInformation', label: t('results.stats.onShared'), color: 'grape.6' },
                ]}
              />
            </Paper>
            <Paper withBorder p="md">
              <Group justify="space-between" mb="sm">
                <Title order={2} size="h4">
                  {t('results.stats.byDetection')}
                </Title>
                <CsvLink table="by-detection" filter={filter} label={t('results.stats.byDetection')} />
              </Group>
              <BarChart
                h={Math.max(200, d.byDetection.length * 28)}
                data={d.byDetection.map((x) => ({ ...x, name: x.detectionMethod === 'unknown' ? t('results.stats.unknown') : tax.label('detection', x.detectionMethod) }))}
                dataKey="name"
                orientation="vertical"
                yAxisProps={{ width: 140 }}
                series={[{ name: 'seizures', label: t('results.stats.seizures'), color: 'teal.6' }]}
              />
            </Paper>
          </SimpleGrid>

          <Paper withBorder p="md">
            <Group justify="space-between" mb="sm">
              <Title order={2} size="h4">
                {t('results.stats.byCommodity')}
              </Title>
              <CsvLink table="by-commodity" filter={filter} label={t('results.stats.byCommodity')} />
            </Group>
            <Table striped data-testid="stats-by-commodity">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('results.stats.commodity')}</Table.Th>
                  <Table.Th ta="right">{t('results.stats.seizures')}</Table.Th>
                  <Table.Th ta="right">{t('results.stats.quantity')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.byCommodity.map((c) => (
                  <Table.Tr key={`${c.commodity}-${c.unit}`}>
                    <Table.Td>{tax.label('commodities', c.commodity)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(c.seizures, lang)}</Table.Td>
                    <Table.Td ta="right">
                      {formatDecimal(c.quantity, lang, Number.isInteger(c.quantity) ? 0 : 2)} {tax.label('units', c.unit)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>

          <Paper withBorder p="md">
            <Group justify="space-between" mb="sm">
              <Title order={2} size="h4">
                {t('results.stats.map')}
              </Title>
              <Group gap="sm">
                <CsvLink table="routes" filter={filter} label={t('results.stats.routes')} />
                <CsvLink table="points" filter={filter} label={t('results.stats.map')} />
              </Group>
            </Group>
            <NetworkMap points={d.points} routes={d.routes} />
          </Paper>
        </>
      )}
    </Stack>
  );
}
