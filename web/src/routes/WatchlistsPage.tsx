import { Anchor, Badge, Button, Group, Modal, NumberInput, Paper, SegmentedControl, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { watchlistsApi } from '../api/endpoints.ts';
import { keys, useScreen, useWatchlists } from '../api/queries.ts';
import type { Lane, Me, OwnerScope, ScreenHit, WatchlistKind } from '../api/types.ts';
import { LANES, OWNER_SCOPES, WATCHLIST_KINDS } from '../api/types.ts';
import { defaultScope, useMe } from '../auth/session.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { OwnerText, useUnitCodes } from '../components/OwnerText.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { LaneBadge } from '../components/RiskBadges.tsx';
import { TableState } from '../components/TableState.tsx';
import { WorkUnitSelect } from '../components/WorkUnitSelect.tsx';
import { applyFieldError } from '../lib/errors.ts';
import { formatNumber, formatPercent } from '../lib/format.ts';
import { laneOptions, ownerScopeLabel } from '../lib/labels.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

const FIELDS = ['name', 'kind', 'description', 'weight', 'lane', 'ownerScope', 'ownerUnitId'] as const;

interface Values {
  ownerScope: OwnerScope;
  ownerUnitId: string | null;
  name: string;
  kind: WatchlistKind;
  description: string;
  weight: number | string;
  lane: Lane;
}

function CreateWatchlistModal({ me, onClose }: { me: Me; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useForm<Values>({
    initialValues: { ownerScope: defaultScope(me), ownerUnitId: me.unit?.id ?? null, name: '', kind: 'entities', description: '', weight: 60, lane: 'red' },
    validate: {
      name: (v) => (v.trim().length >= 2 ? null : t('validation.required')),
      weight: (v) => (Number(v) >= 1 && Number(v) <= 99 ? null : t('watchlists.weightRule')),
      ownerUnitId: (v, all) => (all.ownerScope === 'unit' && !v ? t('validation.required') : null),
    },
  });
  const save = useMutation({
    mutationFn: (v: Values) =>
      watchlistsApi.create({
        ownerScope: v.ownerScope,
        ownerUnitId: v.ownerScope === 'unit' ? v.ownerUnitId : undefined,
        name: v.name.trim(),
        kind: v.kind,
        description: v.description.trim() || undefined,
        weight: Number(v.weight),
        lane: v.lane,
      }),
    onSuccess: async (w) => {
      notifications.show({ color: 'teal', message: t('watchlists.created', { name: w.name }) });
      await queryClient.invalidateQueries({ queryKey: keys.watchlistsAll });
      onClose();
      void navigate(`/risk/watchlists/${w.id}`);
    },
    onError: (e) => applyFieldError(e, form.setFieldError, FIELDS),
  });
  return (
    <Modal opened onClose={onClose} title={t('watchlists.createTitle')} size="lg">
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={save.error} />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="watchlist-owner-label">
              {t('profileEditor.ownerScope')}
            </Text>
            <SegmentedControl
              aria-labelledby="watchlist-owner-label"
              data={OWNER_SCOPES.map((s) => ({ value: s, label: ownerScopeLabel(t, s) }))}
              value={form.values.ownerScope}
              onChange={(v) => form.setFieldValue('ownerScope', OWNER_SCOPES.find((s) => s === v) ?? 'unit')}
              style={{ alignSelf: 'flex-start' }}
            />
          </Stack>
          {form.values.ownerScope === 'unit' && <WorkUnitSelect me={me} value={form.values.ownerUnitId} onChange={(v) => form.setFieldValue('ownerUnitId', v)} label={t('profileEditor.ownerUnit')} />}
          <TextInput label={t('watchlists.name')} required maxLength={200} {...form.getInputProps('name')} />
          <Select
            label={t('watchlists.kind')}
            data={WATCHLIST_KINDS.map((k) => ({ value: k, label: t(`watchlists.kinds.${k}`) }))}
            allowDeselect={false}
            required
            {...form.getInputProps('kind')}
            onChange={(v) => form.setFieldValue('kind', WATCHLIST_KINDS.find((k) => k === v) ?? 'entities')}
          />
          <TextInput label={t('watchlists.description')} maxLength={1000} {...form.getInputProps('description')} />
          <Group grow align="flex-start">
            <NumberInput label={t('watchlists.weight')} description={t('watchlists.weightHint')} min={1} max={99} required {...form.getInputProps('weight')} />
            <Select label={t('riskProfile.lane')} data={laneOptions(t, LANES)} allowDeselect={false} required {...form.getInputProps('lane')} />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

const MATCH_COLORS: Record<string, string> = { exact: 'teal', translit: 'teal', phonetic: 'blue', fuzzy: 'yellow', initial: 'grape', merged: 'cyan', acronym: 'cyan', missing: 'gray', conflict: 'red' };

/** Which token matched which, and how: the screening explanation of one hit. */
export function ScreenExplanation({ hit }: { hit: ScreenHit }) {
  const { t } = useTranslation();
  const e = hit.explanation;
  return (
    <Stack gap={4}>
      <Group gap={4} wrap="wrap" aria-label={t('watchlists.tokens')}>
        {e.matches.map((m, i) => (
          <Badge key={i} variant="light" color={MATCH_COLORS[m.kind] ?? 'gray'} tt="none" title={`${t(`watchlists.matchKinds.${m.kind}`)} · ${Math.round(m.similarity * 100)}%`}>
            {m.a ?? '∅'} ↔ {m.b ?? '∅'} · {t(`watchlists.matchKinds.${m.kind}`)}
          </Badge>
        ))}
      </Group>
      {e.penalties.length > 0 && (
        <Text size="xs" c="dimmed">
          {t('watchlists.penalties', { list: e.penalties.join('; ') })}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {e.summary}
      </Text>
    </Stack>
  );
}

const SCHEMAS = ['', 'Person', 'Company', 'Organization', 'Vessel'] as const;

function ScreenBox() {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState('');
  const [schema, setSchema] = useState('');
  const [asked, setAsked] = useState<{ name: string; schema: string }>({ name: '', schema: '' });
  const query = useScreen(asked.name, asked.schema);
  const hits = query.data ?? [];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="screen-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="screen-title">
          {t('watchlists.screenTitle')}
        </Title>
        <form
          onSubmit={(ev) => {
            ev.preventDefault();
            setAsked({ name: draft.trim(), schema });
          }}
        >
          <Group align="flex-end" gap="sm">
            <TextInput label={t('watchlists.screenName')} description={t('watchlists.screenHint')} value={draft} onChange={(ev) => setDraft(ev.currentTarget.value)} maxLength={300} style={{ flex: 1, minWidth: 220 }} />
            <Select
              label={t('watchlists.schema')}
              data={SCHEMAS.map((s) => ({ value: s, label: s ? s : t('watchlists.anySchema') }))}
              value={schema}
              onChange={(v) => setSchema(v ?? '')}
              allowDeselect={false}
              w={180}
            />
            <Button type="submit" disabled={draft.trim() === ''} loading={query.isFetching}>
              {t('watchlists.screenAction')}
            </Button>
          </Group>
        </form>
        <ErrorAlert error={query.error} />
        {asked.name !== '' && !query.isPending && (
          <Table verticalSpacing="xs" data-testid="screen-hits">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('watchlists.score')}</Table.Th>
                <Table.Th scope="col">{t('watchlists.matchedName')}</Table.Th>
                <Table.Th scope="col">{t('watchlists.explanation')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <TableState colSpan={3} loading={false} empty={hits.length === 0} emptyText={t('watchlists.noHits')} />
              {hits.map((h) => (
                <Table.Tr key={`${h.entryId}-${h.matchedName}`}>
                  <Table.Td>
                    <Badge color={h.score >= 0.7 ? 'red' : 'gray'} variant={h.score >= 0.7 ? 'filled' : 'light'}>
                      {formatPercent(h.score, i18n.language)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {h.matchedName}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {h.schema} ·{' '}
                      <Anchor component={Link} to={`/risk/watchlists/${h.watchlistId}`} size="xs">
                        {h.watchlist}
                      </Anchor>
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <ScreenExplanation hit={h} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}

/** Risk → Watchlists: the lists the caller sees, a new list, and a name-screening box. */
export function WatchlistsPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('watchlists.title'));
  const me = useMe();
  const query = useWatchlists();
  const unitCodes = useUnitCodes(me.country);
  const [creating, setCreating] = useState(false);
  const rows = query.data ?? [];
  return (
    <Stack gap="md">
      <PageHeader title={t('watchlists.title')} intro={t('watchlists.intro')} actions={<Button onClick={() => setCreating(true)}>{t('watchlists.new')}</Button>} />
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      <Table.ScrollContainer minWidth={540}>
        <Table striped highlightOnHover verticalSpacing="xs" aria-busy={query.isFetching} data-testid="watchlists-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('watchlists.name')}</Table.Th>
              <Table.Th scope="col">{t('watchlists.kind')}</Table.Th>
              <Table.Th scope="col">{t('profiles.owner')}</Table.Th>
              <Table.Th scope="col">{t('watchlists.weight')}</Table.Th>
              <Table.Th scope="col">{t('watchlists.entries')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState colSpan={5} loading={query.isPending} empty={!query.isPending && rows.length === 0} emptyText={t('watchlists.empty')} />
            {rows.map((w) => (
              <Table.Tr key={w.id}>
                <Table.Th scope="row" fw={500}>
                  <Anchor component={Link} to={`/risk/watchlists/${w.id}`} fw={600} size="sm">
                    {w.name}
                  </Anchor>
                  {w.description && (
                    <Text size="xs" c="dimmed">
                      {w.description}
                    </Text>
                  )}
                </Table.Th>
                <Table.Td>{t(`watchlists.kinds.${w.kind}`)}</Table.Td>
                <Table.Td>
                  <OwnerText owner={w} unitCodes={unitCodes} />
                </Table.Td>
                <Table.Td>
                  <Group gap={6}>
                    <Text size="sm">{w.weight}</Text>
                    <LaneBadge lane={w.lane} />
                  </Group>
                </Table.Td>
                <Table.Td>{formatNumber(w.entries, i18n.language)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ScreenBox />
      {creating && <CreateWatchlistModal me={me} onClose={() => setCreating(false)} />}
    </Stack>
  );
}
