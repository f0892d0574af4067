import { Alert, Anchor, Box, Button, Center, Group, Loader, Modal, NumberInput, Paper, Stack, Switch, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { targetingApi } from '../api/endpoints.ts';
import { keys, useQueue } from '../api/queries.ts';
import type { QueueItem, SelectionResult } from '../api/types.ts';
import { useMe } from '../auth/session.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ReasonList } from '../components/ReasonList.tsx';
import { DecisionBadge, LaneBadge, ScoreBadge } from '../components/RiskBadges.tsx';
import { RiskActions } from '../components/RiskActions.tsx';
import { RouteText } from '../components/RouteText.tsx';
import { WorkUnitSelect } from '../components/WorkUnitSelect.tsx';
import { formatDate, formatNumber } from '../lib/format.ts';
import { modeLabel } from '../lib/labels.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

const LIMIT = 50;

function QueueCard({ item, rank }: { item: QueueItem; rank: number }) {
  const { t, i18n } = useTranslation();
  return (
    <Paper withBorder p="sm" component="li" data-testid="queue-item" data-document={item.documentNumber} aria-label={t('queue.itemAria', { rank, document: item.documentNumber })}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
          <Group gap="sm" align="center" wrap="wrap">
            <Text size="sm" c="dimmed" w={28} ta="right" aria-hidden>
              {rank}.
            </Text>
            <ScoreBadge score={item.score} />
            <LaneBadge lane={item.suggestedLane} prefix={t('queue.suggested')} />
            {item.decision && <DecisionBadge decision={item.decision} lane={item.decisionLane} random={item.random} />}
          </Group>
          <RiskActions consignment={item} suggestedLane={item.suggestedLane} />
        </Group>
        <Group gap="lg" wrap="wrap" align="flex-start">
          <Stack gap={0}>
            <Text size="xs" c="dimmed">
              {modeLabel(t, item.mode)}
            </Text>
            <Anchor component={Link} to={`/cargo/consignments/${item.id}`} className="mono" fw={600} size="sm">
              {item.documentNumber}
            </Anchor>
          </Stack>
          <Stack gap={0}>
            <Text size="xs" c="dimmed">
              {t('queue.consignee')}
            </Text>
            <Text size="sm" dir="auto">
              {item.consignee ?? t('common.none')}
            </Text>
          </Stack>
          <Stack gap={0}>
            <Text size="xs" c="dimmed">
              {t('queue.route')}
              {item.vesselName ? ` · ${item.vesselName}` : ''}
            </Text>
            <RouteText loading={item.placeOfLoading} via={item.transshipments} discharge={item.placeOfDischarge} />
          </Stack>
          <Stack gap={0}>
            <Text size="xs" c="dimmed">
              {t('queue.eta')}
            </Text>
            <Text size="sm">{formatDate(item.estimatedArrivalDate, i18n.language) || t('common.none')}</Text>
          </Stack>
        </Group>
        <ReasonList reasons={item.reasons} max={3} />
      </Stack>
    </Paper>
  );
}

function SelectionModal({ unitId, onClose, onDone }: { unitId: string; onClose: () => void; onDone: (r: SelectionResult) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [ratePercent, setRatePercent] = useState<number | string>(1);
  const run = useMutation({
    mutationFn: () => targetingApi.runSelection(unitId, Number(ratePercent) / 100),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: keys.queueAll });
      onDone(r);
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={t('queue.selectionTitle')} size="md">
      <Stack gap="sm">
        <Text size="sm">{t('queue.selectionText')}</Text>
        <ErrorAlert error={run.error} />
        <NumberInput label={t('queue.randomRate')} description={t('queue.randomRateHint')} value={ratePercent} onChange={setRatePercent} min={0} max={50} step={0.5} decimalScale={1} suffix=" %" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => run.mutate()} loading={run.isPending} disabled={ratePercent === '' || Number(ratePercent) < 0 || Number(ratePercent) > 50}>
            {t('queue.runSelection')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Targeting → Queue: a unit's incoming consignments ranked by risk score, with reasons and the officer's actions. */
export function QueuePage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  useDocumentTitle(t('queue.title'));
  const me = useMe();
  const [unitId, setUnitId] = useState<string | null>(null);
  const [includeDecided, setIncludeDecided] = useState(false);
  const [offset, setOffset] = useState(0);
  const [selecting, setSelecting] = useState(false);
  const [selection, setSelection] = useState<SelectionResult | null>(null);
  const query = useQueue(unitId, includeDecided, offset, LIMIT);
  const rows = query.data?.data ?? [];

  return (
    <Stack gap="md">
      <PageHeader
        title={t('queue.title')}
        intro={t('queue.intro')}
        actions={
          <Button onClick={() => setSelecting(true)} disabled={!unitId}>
            {t('queue.runSelection')}
          </Button>
        }
      />
      <Group gap="md" align="flex-end" wrap="wrap">
        <WorkUnitSelect
          me={me}
          value={unitId}
          onChange={(v) => {
            setUnitId(v);
            setOffset(0);
            setSelection(null);
          }}
        />
        <Switch
          label={t('queue.includeDecided')}
          checked={includeDecided}
          onChange={(e) => {
            setIncludeDecided(e.currentTarget.checked);
            setOffset(0);
          }}
          mb={8}
        />
        <Button variant="subtle" size="sm" onClick={() => void query.refetch()} loading={query.isFetching && !query.isPending} mb={2}>
          {t('queue.refresh')}
        </Button>
        {query.data && (
          <Text size="sm" c="dimmed" mb={8}>
            {t('queue.capacity', { count: query.data.unit.dailyCapacity })}
          </Text>
        )}
      </Group>
      {selection && (
        <Alert color="teal" variant="light" title={t('queue.selectionDone')} withCloseButton onClose={() => setSelection(null)} data-testid="selection-result">
          {t('queue.selectionResult', {
            selected: formatNumber(selection.selected, lang),
            random: formatNumber(selection.random, lang),
            capacity: formatNumber(selection.capacity, lang),
            candidates: formatNumber(selection.candidates, lang),
          })}
        </Alert>
      )}
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      {query.isPending && unitId ? (
        <Center p="xl">
          <Loader aria-label={t('common.loading')} />
        </Center>
      ) : rows.length === 0 ? (
        <Text c="dimmed" ta="center" p="lg">
          {includeDecided ? t('queue.empty') : t('queue.emptyUndecided')}
        </Text>
      ) : (
        <Box component="ol" className="plain-list stack-list" aria-label={t('queue.listLabel')} aria-busy={query.isFetching} data-testid="queue">
          {rows.map((item, i) => (
            <QueueCard key={item.id} item={item} rank={offset + i + 1} />
          ))}
        </Box>
      )}
      {(offset > 0 || rows.length === LIMIT) && (
        <Group justify="flex-end" gap="xs">
          <Button size="xs" variant="default" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - LIMIT))}>
            {t('common.page.previous')}
          </Button>
          <Button size="xs" variant="default" disabled={rows.length < LIMIT} onClick={() => setOffset(offset + LIMIT)}>
            {t('common.page.next')}
          </Button>
        </Group>
      )}
      {selecting && unitId && <SelectionModal unitId={unitId} onClose={() => setSelecting(false)} onDone={setSelection} />}
    </Stack>
  );
}
