import { ActionIcon, Alert, Anchor, Button, FileInput, Group, List, Modal, Paper, Select, Stack, Table, Text, Textarea, TextInput, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { watchlistsApi } from '../api/endpoints.ts';
import { keys, useWatchlist, WATCHLIST_PAGE } from '../api/queries.ts';
import type { WatchlistChange, WatchlistEntry, WatchlistEntryInput, WatchlistKind } from '../api/types.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { ListPager } from '../components/ListPager.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { LaneBadge } from '../components/RiskBadges.tsx';
import { TableState } from '../components/TableState.tsx';
import { applyFieldError } from '../lib/errors.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

const ENTRY_FIELDS = ['schema', 'names', 'countries', 'birthDate', 'imoNumber', 'containerNumber', 'documentNumber', 'externalId', 'notes'] as const;

interface EntryValues {
  schema: string;
  names: string;
  countries: string;
  birthDate: string;
  identifier: string;
  externalId: string;
  notes: string;
}

const SCHEMA_BY_KIND: Record<WatchlistKind, string[]> = {
  entities: ['Company', 'Person', 'Organization', 'LegalEntity'],
  vessels: ['Vessel'],
  containers: ['Container'],
  documents: ['Document'],
};

function entryInput(kind: WatchlistKind, v: EntryValues): WatchlistEntryInput {
  const lines = (s: string) => s.split(/\n|;/).map((x) => x.trim()).filter(Boolean);
  const input: WatchlistEntryInput = { schema: v.schema };
  if (kind === 'entities' || kind === 'vessels') input.names = lines(v.names);
  if (kind === 'entities') {
    const countries = lines(v.countries.replace(/,/g, ';')).map((c) => c.toUpperCase());
    if (countries.length) input.countries = countries;
    if (v.birthDate.trim()) input.birthDate = v.birthDate.trim();
  }
  const id = v.identifier.trim();
  if (id && kind === 'vessels') input.imoNumber = id;
  if (id && kind === 'containers') input.containerNumber = id;
  if (id && kind === 'documents') input.documentNumber = id;
  if (v.externalId.trim()) input.externalId = v.externalId.trim();
  if (v.notes.trim()) input.notes = v.notes.trim();
  return input;
}

function ChangeReport({ change }: { change: WatchlistChange }) {
  const { t } = useTranslation();
  return (
    <Alert color={change.rejected > 0 ? 'yellow' : 'teal'} title={t('watchlists.importDone', { added: change.added, replaced: change.replaced, rejected: change.rejected })} data-testid="watchlist-change">
      {change.problems.length > 0 && (
        <List size="sm">
          {change.problems.slice(0, 20).map((p, i) => (
            <List.Item key={i}>
              {p.line !== undefined ? t('watchlists.problemLine', { line: p.line }) : ''}
              {p.field}: {p.message}
            </List.Item>
          ))}
        </List>
      )}
      {change.retroHuntJobId && <Text size="sm">{t('watchlists.retroHunt')}</Text>}
    </Alert>
  );
}

function AddEntryModal({ watchlistId, kind, onClose, onDone }: { watchlistId: string; kind: WatchlistKind; onClose: () => void; onDone: (c: WatchlistChange) => void }) {
  const { t } = useTranslation();
  const schemas = SCHEMA_BY_KIND[kind];
  const form = useForm<EntryValues>({
    initialValues: { schema: schemas[0]!, names: '', countries: '', birthDate: '', identifier: '', externalId: '', notes: '' },
    validate: {
      names: (v) => (kind === 'entities' && v.trim() === '' ? t('validation.required') : null),
      identifier: (v) => (kind !== 'entities' && v.trim() === '' ? t('validation.required') : null),
    },
  });
  const save = useMutation({
    mutationFn: (v: EntryValues) => watchlistsApi.addEntries(watchlistId, [entryInput(kind, v)]),
    onSuccess: (c) => {
      if (c.rejected > 0 && c.problems[0]) {
        form.setFieldError(c.problems[0].field === 'names' ? 'names' : c.problems[0].field === 'countries' ? 'countries' : c.problems[0].field === 'birthDate' ? 'birthDate' : 'identifier', c.problems[0].message);
        return;
      }
      onDone(c);
      onClose();
    },
    onError: (e) => applyFieldError(e, form.setFieldError, ENTRY_FIELDS),
  });
  return (
    <Modal opened onClose={onClose} title={t('watchlists.addTitle')} size="lg">
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={save.error} />
          {schemas.length > 1 && <Select label={t('watchlists.schema')} data={schemas} allowDeselect={false} {...form.getInputProps('schema')} />}
          {(kind === 'entities' || kind === 'vessels') && (
            <Textarea label={t('watchlists.names')} description={t('watchlists.namesHint')} autosize minRows={2} required={kind === 'entities'} {...form.getInputProps('names')} />
          )}
          {kind === 'entities' && (
            <Group grow align="flex-start">
              <TextInput label={t('watchlists.countries')} description={t('watchlists.countriesHint')} {...form.getInputProps('countries')} />
              <TextInput label={t('watchlists.birthDate')} placeholder="1975-03-02" {...form.getInputProps('birthDate')} />
            </Group>
          )}
          {kind !== 'entities' && <TextInput label={t(`watchlists.identifier.${kind}`)} required classNames={{ input: 'mono' }} {...form.getInputProps('identifier')} />}
          <TextInput label={t('watchlists.externalId')} description={t('watchlists.externalIdHint')} {...form.getInputProps('externalId')} />
          <Textarea label={t('watchlists.notes')} autosize minRows={2} {...form.getInputProps('notes')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('watchlists.addEntry')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ImportBox({ watchlistId, onDone }: { watchlistId: string; onDone: (c: WatchlistChange) => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<string>('');
  const run = useMutation({
    mutationFn: () => watchlistsApi.importFile(watchlistId, file!, format === 'csv' || format === 'ftm' ? format : undefined),
    onSuccess: (c) => {
      setFile(null);
      onDone(c);
    },
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="watchlist-import-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="watchlist-import-title">
          {t('watchlists.importTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('watchlists.importHint')}
        </Text>
        <ErrorAlert error={run.error} />
        <Group align="flex-end" gap="sm">
          <FileInput label={t('watchlists.file')} value={file} onChange={setFile} accept=".csv,.jsonl,.ndjson,.json,.ftm,text/csv,application/json" clearable style={{ flex: 1, minWidth: 220 }} />
          <Select
            label={t('watchlists.format')}
            data={[
              { value: '', label: t('watchlists.formatAuto') },
              { value: 'csv', label: 'CSV' },
              { value: 'ftm', label: t('watchlists.formatFtm') },
            ]}
            value={format}
            onChange={(v) => setFormat(v ?? '')}
            allowDeselect={false}
            w={220}
          />
          <Button onClick={() => run.mutate()} disabled={!file} loading={run.isPending}>
            {t('watchlists.importAction')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function entryIdentifier(e: WatchlistEntry): string {
  return [e.imoNumber && `IMO ${e.imoNumber}`, e.containerNumber, e.documentNumber, ...e.identifiers.map((i) => `${i.scheme} ${i.value}`)].filter(Boolean).join(', ');
}

/** Risk → Watchlists → one list: browse and search its entries, add or remove one, import a file. */
export function WatchlistPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const queryClient = useQueryClient();
  const [offset, setOffset] = useState(0);
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const [adding, setAdding] = useState(false);
  const [change, setChange] = useState<WatchlistChange | null>(null);
  const query = useWatchlist(id, offset, q);
  const w = query.data;
  useDocumentTitle(w?.name ?? t('watchlists.title'));
  const refresh = async (c: WatchlistChange) => {
    setChange(c);
    notifications.show({ color: c.rejected > 0 ? 'yellow' : 'teal', message: t('watchlists.importDone', { added: c.added, replaced: c.replaced, rejected: c.rejected }) });
    await queryClient.invalidateQueries({ queryKey: keys.watchlistsAll });
  };
  const remove = useMutation({
    mutationFn: (entryId: string) => watchlistsApi.removeEntry(id!, entryId),
    onSuccess: async () => {
      notifications.show({ color: 'teal', message: t('watchlists.removed') });
      await queryClient.invalidateQueries({ queryKey: keys.watchlistsAll });
    },
  });
  const entries = w?.entries ?? [];
  const canUpdate = w?.can.update ?? false;
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/risk/watchlists" size="sm">
        ← {t('watchlists.back')}
      </Anchor>
      <PageHeader
        title={w?.name ?? t('watchlists.title')}
        intro={
          w ? (
            <Group gap="xs">
              <Text size="sm">{t(`watchlists.kinds.${w.kind}`)}</Text>
              <Text size="sm" c="dimmed">
                · {t('watchlists.weight')} {w.weight}
              </Text>
              <LaneBadge lane={w.lane} />
              {w.description && (
                <Text size="sm" c="dimmed">
                  · {w.description}
                </Text>
              )}
            </Group>
          ) : undefined
        }
        actions={canUpdate ? <Button onClick={() => setAdding(true)}>{t('watchlists.addEntry')}</Button> : undefined}
      />
      <ErrorAlert error={query.error ?? remove.error} onRetry={() => void query.refetch()} />
      {change && <ChangeReport change={change} />}
      <form
        onSubmit={(ev) => {
          ev.preventDefault();
          setOffset(0);
          setQ(draft.trim());
        }}
      >
        <Group align="flex-end" gap="sm">
          <TextInput label={t('watchlists.search')} description={t('watchlists.searchHint')} value={draft} onChange={(ev) => setDraft(ev.currentTarget.value)} maxLength={200} style={{ flex: 1, minWidth: 220 }} />
          <Button type="submit" variant="default">
            {t('watchlists.searchAction')}
          </Button>
        </Group>
      </form>
      <Table.ScrollContainer minWidth={640}>
        <Table striped verticalSpacing="xs" aria-busy={query.isFetching} data-testid="watchlist-entries">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('watchlists.names')}</Table.Th>
              <Table.Th scope="col">{t('watchlists.schema')}</Table.Th>
              <Table.Th scope="col">{t('watchlists.countries')}</Table.Th>
              <Table.Th scope="col">{t('watchlists.identifiers')}</Table.Th>
              <Table.Th scope="col">{t('watchlists.notes')}</Table.Th>
              {canUpdate && (
                <Table.Th scope="col">
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState colSpan={canUpdate ? 6 : 5} loading={query.isPending} empty={!query.isPending && entries.length === 0} emptyText={q ? t('watchlists.noMatches') : t('watchlists.noEntries')} />
            {entries.map((e) => {
              const label = e.names[0] ?? entryIdentifier(e);
              return (
                <Table.Tr key={e.id}>
                  <Table.Th scope="row" fw={500}>
                    <Text size="sm" fw={600}>
                      {label}
                    </Text>
                    {e.names.length > 1 && (
                      <Text size="xs" c="dimmed">
                        {e.names.slice(1).join(' · ')}
                      </Text>
                    )}
                    {e.externalId && (
                      <Text size="xs" c="dimmed" className="mono">
                        {e.externalId}
                      </Text>
                    )}
                  </Table.Th>
                  <Table.Td>{e.schema}</Table.Td>
                  <Table.Td>{[e.countries.join(', '), e.birthDate].filter(Boolean).join(' · ')}</Table.Td>
                  <Table.Td className="mono">{entryIdentifier(e)}</Table.Td>
                  <Table.Td>
                    <Text size="xs">{e.notes}</Text>
                  </Table.Td>
                  {canUpdate && (
                    <Table.Td>
                      <Tooltip label={t('watchlists.removeAction', { name: label })}>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t('watchlists.removeAction', { name: label })}
                          loading={remove.isPending && remove.variables === e.id}
                          onClick={() => {
                            if (window.confirm(t('watchlists.removeConfirm', { name: label }))) remove.mutate(e.id);
                          }}
                        >
                          ×
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ListPager page={w ? { total: w.total, limit: WATCHLIST_PAGE, offset } : undefined} onPage={setOffset} />
      {canUpdate && id && <ImportBox watchlistId={id} onDone={(c) => void refresh(c)} />}
      {adding && w && id && <AddEntryModal watchlistId={id} kind={w.kind} onClose={() => setAdding(false)} onDone={(c) => void refresh(c)} />}
    </Stack>
  );
}
