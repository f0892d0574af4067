import type { TFunction } from 'i18next';
import { Alert, Badge, Button, FileInput, Group, Paper, Progress, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.ts';
import { cargoApi } from '../api/endpoints.ts';
import { keys, useImport, useImports } from '../api/queries.ts';
import type { CargoImport, ImportState, IntakeFormat, IntakeProblem } from '../api/types.ts';
import { INTAKE_FORMATS } from '../api/types.ts';
import { useMe } from '../auth/session.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { TableState } from '../components/TableState.tsx';
import { useUnitCodes } from '../components/OwnerText.tsx';
import { useWorkUnits, WorkUnitSelect } from '../components/WorkUnitSelect.tsx';
import { applyFieldError } from '../lib/errors.ts';
import { formatBytes, formatDateTime, formatNumber } from '../lib/format.ts';
import { formatLabel, importStateLabel, problemLevelLabel } from '../lib/labels.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

const STATE_COLORS: Record<ImportState, string> = { queued: 'gray', running: 'blue', done: 'teal', failed: 'red' };

export function ImportStateBadge({ state }: { state: ImportState }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATE_COLORS[state]} variant="light">
      {importStateLabel(t, state)}
    </Badge>
  );
}

function Count({ label, value, color, testId }: { label: string; value: number; color?: string; testId: string }) {
  const { i18n } = useTranslation();
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fw={700} size="xl" c={color} data-testid={testId}>
        {formatNumber(value, i18n.language)}
      </Text>
    </Paper>
  );
}

/** Where in the file: line (JSON, CSV), segment (CUSCAR) with tag/element, CSV column. */
function problemPlace(t: TFunction, p: IntakeProblem): string {
  const parts: string[] = [];
  if (p.line !== undefined) parts.push(t('imports.lineN', { line: p.line }));
  if (p.segment !== undefined) parts.push(t('imports.segmentN', { segment: p.segment }));
  if (p.segmentTag) parts.push(p.element ? `${p.segmentTag} ${p.element}` : p.segmentTag);
  if (p.column) parts.push(t('imports.columnN', { column: p.column }));
  return parts.join(' · ');
}

export function ImportReport({ imp }: { imp: CargoImport }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const finished = imp.state === 'done' || imp.state === 'failed';
  const progress = imp.bytesTotal ? Math.min(100, (imp.bytesRead / imp.bytesTotal) * 100) : finished ? 100 : 0;
  return (
    <Stack gap="sm" data-testid="import-report" data-state={imp.state} aria-busy={!finished}>
      <Group justify="space-between" gap="sm">
        <Group gap="sm">
          <Title order={2} size="h4">
            {t('imports.reportTitle', { file: imp.fileName })}
          </Title>
          <ImportStateBadge state={imp.state} />
          <Badge variant="outline" color="gray">
            {formatLabel(t, imp.format)}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {formatDateTime(imp.createdAt, lang)}
        </Text>
      </Group>
      {!finished && (
        <Stack gap={4}>
          <Progress value={progress} animated={imp.state === 'running'} aria-label={t('imports.progress')} />
          <Text size="sm" c="dimmed" aria-live="polite">
            {imp.bytesTotal
              ? t('imports.bytesOf', { read: formatBytes(imp.bytesRead, lang), total: formatBytes(imp.bytesTotal, lang) })
              : t('imports.bytesRead', { read: formatBytes(imp.bytesRead, lang) })}
          </Text>
        </Stack>
      )}
      {imp.state === 'failed' && (
        <Alert color="red" variant="light" title={t('imports.failed')} role="alert">
          {imp.error ?? t('common.error')}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="xs" aria-live="polite">
        <Count label={t('imports.accepted')} value={imp.accepted} color="teal.8" testId="count-accepted" />
        <Count label={t('imports.amended')} value={imp.amended} color="blue.8" testId="count-amended" />
        <Count label={t('imports.unchanged')} value={imp.unchanged} testId="count-unchanged" />
        <Count label={t('imports.rejected')} value={imp.rejected} color={imp.rejected ? 'red.8' : undefined} testId="count-rejected" />
        <Count label={t('imports.containers')} value={imp.containers} testId="count-containers" />
        <Count label={t('imports.goodsItems')} value={imp.goodsItems} testId="count-goods" />
      </SimpleGrid>
      {finished && (
        <Stack gap="xs">
          <Title order={3} size="h5">
            {t('imports.problems', { count: imp.problemCount })}
          </Title>
          {imp.problemCount > imp.problems.length && (
            <Text size="sm" c="dimmed">
              {t('imports.problemsCapped', { shown: imp.problems.length, total: imp.problemCount })}
            </Text>
          )}
          {imp.problems.length > 0 ? (
            <Table.ScrollContainer minWidth={520}>
              <Table striped verticalSpacing={4} data-testid="import-problems">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('imports.level')}</Table.Th>
                    <Table.Th scope="col">{t('imports.where')}</Table.Th>
                    <Table.Th scope="col">
                      {t('imports.field')} / {t('imports.code')}
                    </Table.Th>
                    <Table.Th scope="col">{t('imports.message')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {imp.problems.map((p, i) => (
                    <Table.Tr key={i}>
                      <Table.Td>
                        <Badge color={p.level === 'error' ? 'red' : 'yellow'} variant="light">
                          {problemLevelLabel(t, p.level)}
                        </Badge>
                      </Table.Td>
                      <Table.Td className="nowrap">{problemPlace(t, p)}</Table.Td>
                      <Table.Td>
                        {p.field && (
                          <Text size="sm" className="mono" style={{ overflowWrap: 'anywhere' }}>
                            {p.field}
                          </Text>
                        )}
                        <Text size="xs" c="dimmed" className="mono">
                          {p.code}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                          {p.message}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ) : (
            <Text size="sm" c="dimmed">
              {t('imports.noProblems')}
            </Text>
          )}
        </Stack>
      )}
    </Stack>
  );
}

function RecentImports({ onOpen, codeOf }: { onOpen: (id: string) => void; codeOf: Map<string, string> }) {
  // Imports of the whole country are listed: name every unit, not only the user's own.
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const query = useImports(20);
  const rows = query.data ?? [];
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        {t('imports.recent')}
      </Title>
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      <Table.ScrollContainer minWidth={560}>
        <Table striped highlightOnHover verticalSpacing="xs" data-testid="recent-imports">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('imports.file')}</Table.Th>
              <Table.Th scope="col">{t('cargo.unit')}</Table.Th>
              <Table.Th scope="col">{t('imports.state')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('imports.accepted')}
              </Table.Th>
              <Table.Th scope="col" ta="right" visibleFrom="md">
                {t('imports.amended')}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t('imports.rejected')}
              </Table.Th>
              <Table.Th scope="col" ta="right" visibleFrom="md">
                {t('imports.problemsShort')}
              </Table.Th>
              <Table.Th scope="col">{t('imports.started')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState colSpan={8} loading={query.isPending} empty={!query.isPending && rows.length === 0} emptyText={t('imports.empty')} />
            {rows.map((imp) => (
              <Table.Tr key={imp.id}>
                <Table.Th scope="row" fw={500}>
                  <Button variant="subtle" size="compact-sm" onClick={() => onOpen(imp.id)} aria-label={t('imports.showReport', { file: imp.fileName })} styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}>
                    {imp.fileName}
                  </Button>
                </Table.Th>
                <Table.Td className="mono nowrap">{codeOf.get(imp.unitId) ?? ''}</Table.Td>
                <Table.Td>
                  <ImportStateBadge state={imp.state} />
                </Table.Td>
                <Table.Td ta="right">{formatNumber(imp.accepted, lang)}</Table.Td>
                <Table.Td ta="right" visibleFrom="md">
                  {formatNumber(imp.amended, lang)}
                </Table.Td>
                <Table.Td ta="right">{formatNumber(imp.rejected, lang)}</Table.Td>
                <Table.Td ta="right" visibleFrom="md">
                  {formatNumber(imp.problemCount, lang)}
                </Table.Td>
                <Table.Td className="nowrap">{formatDateTime(imp.createdAt, lang)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/** Cargo → Import: upload a manifest file for a unit, follow the job, read the report. */
export function ImportPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('imports.title'));
  const me = useMe();
  const queryClient = useQueryClient();
  const units = useWorkUnits(me);
  const unitCodes = useUnitCodes(me.country);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [format, setFormat] = useState<IntakeFormat | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [formatError, setFormatError] = useState<string | null>(null);
  const [currentId, setCurrentId] = useState<string | null>(null);
  const current = useImport(currentId);

  const upload = useMutation({
    mutationFn: () => cargoApi.upload({ unitId: unitId!, format, file: file! }),
    onSuccess: async (imp) => {
      queryClient.setQueryData(keys.importOne(imp.id), imp);
      setCurrentId(imp.id);
      setFile(null);
      await queryClient.invalidateQueries({ queryKey: keys.imports });
    },
    onError: (e) => {
      // The server cannot always tell the format from the first bytes: then the format is to be chosen.
      if (isApiError(e) && e.field === 'format') setFormatError(t('imports.chooseFormat'));
      else applyFieldError(e, (_f, message) => setFileError(message), ['file']);
    },
  });

  // When the import finishes, the recent list and consignment searches are out of date.
  const imp = current.data;
  const finishedId = imp && (imp.state === 'done' || imp.state === 'failed') ? imp.id : null;
  useEffect(() => {
    if (!finishedId) return;
    void queryClient.invalidateQueries({ queryKey: [...keys.imports, 'recent'] });
    void queryClient.invalidateQueries({ queryKey: keys.consignmentsAll });
  }, [finishedId, queryClient]);

  const formatOptions = [{ value: 'auto', label: t('imports.formatAuto') }, ...INTAKE_FORMATS.map((f) => ({ value: f, label: formatLabel(t, f) }))];

  return (
    <Stack gap="lg">
      <PageHeader title={t('imports.title')} intro={t('imports.intro')} />
      <Paper withBorder p="md" component="section" aria-labelledby="upload-title">
        <Title order={2} size="h4" id="upload-title" mb="sm">
          {t('imports.upload')}
        </Title>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!file) {
              setFileError(t('imports.chooseFile'));
              return;
            }
            upload.mutate();
          }}
          noValidate
        >
          <Stack gap="sm">
            <ErrorAlert error={upload.error} />
            <Group gap="sm" align="flex-start" wrap="wrap">
              <WorkUnitSelect me={me} value={unitId} onChange={setUnitId} w={340} description={t('imports.unitHint')} />
              <Select
                label={t('imports.format')}
                data={formatOptions}
                value={format ?? 'auto'}
                onChange={(v) => {
                  setFormat(INTAKE_FORMATS.find((f) => f === v) ?? null);
                  setFormatError(null);
                }}
                allowDeselect={false}
                w={240}
                description={t('imports.formatHint')}
                error={formatError}
              />
              <FileInput
                label={t('imports.file')}
                placeholder={t('imports.filePlaceholder')}
                description={t('imports.fileHint')}
                value={file}
                onChange={(f) => {
                  setFile(f);
                  setFileError(null);
                }}
                accept=".json,.jsonl,.ndjson,.csv,.txt,.edi,.cuscar,application/json,text/csv,text/plain"
                clearable
                required
                error={fileError}
                w={320}
                data-testid="import-file"
              />
            </Group>
            <Group>
              <Button type="submit" loading={upload.isPending} disabled={!unitId || units.loading}>
                {t('imports.start')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {currentId && (
        <Paper withBorder p="md" component="section">
          <ErrorAlert error={current.error} onRetry={() => void current.refetch()} />
          {imp && <ImportReport imp={imp} />}
        </Paper>
      )}
      <RecentImports onOpen={setCurrentId} codeOf={unitCodes} />
    </Stack>
  );
}
