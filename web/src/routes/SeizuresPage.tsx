import { Anchor, Badge, Button, Checkbox, FileInput, Group, Modal, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useMe } from '../auth/session.tsx';
import { canRecordSeizures } from '../components/results/access.ts';
import { seizuresApi } from '../api/endpoints.ts';
import { resultsKeys, useSeizures } from '../api/queries.ts';
import type { SeizureFilter, SeizureImportReport } from '../api/types.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { ListPager } from '../components/ListPager.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { TableState } from '../components/TableState.tsx';
import { formatDate, formatDecimal } from '../lib/format.ts';
import { useCountryNames } from '../lib/labels.ts';
import { useTaxonomyLabels } from '../lib/taxonomy.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

const LIMIT = 50;

function filterFrom(params: URLSearchParams): SeizureFilter {
  const f: SeizureFilter = { limit: LIMIT, offset: Number(params.get('offset') ?? 0) || 0 };
  for (const k of ['from', 'to', 'country', 'commodity', 'detectionMethod'] as const) {
    const v = params.get(k);
    if (v) f[k] = v;
  }
  if (params.get('shared') === '1') f.onSharedInformation = true;
  return f;
}

export function TlpBadge({ tlp }: { tlp: string }) {
  const color = tlp === 'RED' ? 'red' : tlp.startsWith('AMBER') ? 'orange' : tlp === 'GREEN' ? 'green' : 'gray';
  return (
    <Badge size="sm" variant="filled" color={color} style={{ fontFamily: 'monospace' }}>
      TLP:{tlp}
    </Badge>
  );
}

function ImportModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<SeizureImportReport | null>(null);
  const run = useMutation({
    mutationFn: (f: File) => seizuresApi.importCsv(f),
    onSuccess: (r) => {
      setReport(r);
      void qc.invalidateQueries({ queryKey: resultsKeys.seizuresAll });
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('results.seizures.importTitle')} size="lg">
      <Stack gap="sm">
        <Text size="sm">{t('results.seizures.importHelp')}</Text>
        <FileInput label={t('results.seizures.importFile')} accept=".csv,text/csv" value={file} onChange={setFile} clearable />
        <Group>
          <Button disabled={!file} loading={run.isPending} onClick={() => file && run.mutate(file)}>
            {t('results.seizures.importRun')}
          </Button>
        </Group>
        <ErrorAlert error={run.error} />
        {report && (
          <Stack gap="xs" data-testid="import-report">
            <Group gap="xs">
              <Badge color="green">{t('results.seizures.importAccepted', { count: report.accepted.length })}</Badge>
              <Badge color="gray">{t('results.seizures.importExisting', { count: report.existing.length })}</Badge>
              <Badge color="red">{t('results.seizures.importRejected', { count: report.rejected.length })}</Badge>
            </Group>
            {report.rejected.length > 0 && (
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('results.seizures.line')}</Table.Th>
                    <Table.Th>{t('results.seizures.reference')}</Table.Th>
                    <Table.Th>{t('results.seizures.field')}</Table.Th>
                    <Table.Th>{t('results.seizures.problem')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {report.rejected.map((r) => (
                    <Table.Tr key={`${r.line}-${r.field}`}>
                      <Table.Td>{r.line}</Table.Td>
                      <Table.Td className="mono">{r.reference ?? ''}</Table.Td>
                      <Table.Td className="mono">{r.field}</Table.Td>
                      <Table.Td>{r.message}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        )}
      </Stack>
    </Modal>
  );
}

/** Results → Seizures: the records the user may see, filtered; export, import, record. */
export function SeizuresPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  useDocumentTitle(t('results.seizures.title'));
  const me = useMe();
  const countries = useCountryNames();
  const tax = useTaxonomyLabels();
  const [params, setParams] = useSearchParams();
  const filter = filterFrom(params);
  const [draft, setDraft] = useState(() => ({ ...filter }));
  const [importing, setImporting] = useState(false);
  const query = useSeizures(filter);
  const rows = query.data?.data ?? [];

  const apply = () => {
    const next = new URLSearchParams();
    for (const k of ['from', 'to', 'country', 'commodity', 'detectionMethod'] as const) if (draft[k]) next.set(k, draft[k]);
    if (draft.onSharedInformation) next.set('shared', '1');
    setParams(next);
  };
  const canRecord = canRecordSeizures(me);

  return (
    <Stack gap="md">
      <PageHeader
        title={t('results.seizures.title')}
        intro={t('results.seizures.intro')}
        actions={
          <>
            <Button component="a" variant="default" href={seizuresApi.csvUrl(filter)} download>
              {t('results.seizures.exportCsv')}
            </Button>
            {canRecord && (
              <>
                <Button variant="default" onClick={() => setImporting(true)}>
                  {t('results.seizures.importCsv')}
                </Button>
                <Button component={Link} to="/seizures/new">
                  {t('results.seizures.new')}
                </Button>
              </>
            )}
          </>
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
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 6 }} spacing="sm" verticalSpacing="xs">
            <TextInput type="date" label={t('results.seizures.from')} value={draft.from ?? ''} onChange={(e) => setDraft((d) => ({ ...d, from: e.currentTarget.value }))} />
            <TextInput type="date" label={t('results.seizures.to')} value={draft.to ?? ''} onChange={(e) => setDraft((d) => ({ ...d, to: e.currentTarget.value }))} />
            <Select label={t('results.seizures.country')} placeholder={t('results.any')} data={countries.memberOptions} value={draft.country ?? null} onChange={(v) => setDraft((d) => ({ ...d, country: v ?? undefined }))} clearable searchable />
            <Select label={t('results.seizures.commodity')} placeholder={t('results.any')} data={tax.options('commodities')} value={draft.commodity ?? null} onChange={(v) => setDraft((d) => ({ ...d, commodity: v ?? undefined }))} clearable searchable />
            <Select label={t('results.seizures.detection')} placeholder={t('results.any')} data={tax.options('detection')} value={draft.detectionMethod ?? null} onChange={(v) => setDraft((d) => ({ ...d, detectionMethod: v ?? undefined }))} clearable />
            <Stack gap={6} justify="flex-end">
              <Checkbox label={t('results.seizures.sharedOnly')} checked={!!draft.onSharedInformation} onChange={(e) => setDraft((d) => ({ ...d, onSharedInformation: e.currentTarget.checked || undefined }))} />
              <Button type="submit" size="xs">
                {t('results.seizures.filter')}
              </Button>
            </Stack>
          </SimpleGrid>
        </form>
      </Paper>
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      <Table.ScrollContainer minWidth={700}>
        <Table striped highlightOnHover verticalSpacing="xs" aria-busy={query.isFetching} data-testid="seizures-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('results.seizures.date')}</Table.Th>
              <Table.Th scope="col">{t('results.seizures.reference')}</Table.Th>
              <Table.Th scope="col">{t('results.seizures.unit')}</Table.Th>
              <Table.Th scope="col">{t('results.seizures.items')}</Table.Th>
              <Table.Th scope="col">{t('results.seizures.detection')}</Table.Th>
              <Table.Th scope="col">{t('results.quality')}</Table.Th>
              <Table.Th scope="col">{t('results.tlp')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState colSpan={7} loading={query.isPending} empty={!query.isPending && rows.length === 0} emptyText={t('results.seizures.empty')} />
            {rows.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>{formatDate(s.seizureDate, lang)}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/seizures/${s.id}`} className="mono">
                    {s.reference}
                  </Anchor>
                  {s.onSharedInformation && (
                    <Badge ml="xs" size="xs" color="grape" variant="light">
                      {t('results.sharedShort')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" className="mono">
                    {s.unitCode}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {countries.name(s.country)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {s.items.map((i, n) => (
                    <Text size="sm" key={n}>
                      {tax.label('commodities', i.commodity)} — {formatDecimal(i.quantity, lang, 2).replace(/[.,]00$/, '')} {tax.label('units', i.unit)}
                    </Text>
                  ))}
                </Table.Td>
                <Table.Td>{tax.label('detection', s.detectionMethod)}</Table.Td>
                <Table.Td>{s.qualityScore}</Table.Td>
                <Table.Td>
                  <TlpBadge tlp={s.tlp} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ListPager
        page={query.data?.page}
        onPage={(offset) => {
          const next = new URLSearchParams(params);
          if (offset) next.set('offset', String(offset));
          else next.delete('offset');
          setParams(next);
        }}
      />
      <ImportModal opened={importing} onClose={() => setImporting(false)} />
    </Stack>
  );
}
