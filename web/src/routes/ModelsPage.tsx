import { Alert, Badge, Button, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { modelApi } from '../api/endpoints.ts';
import { modelKeys, useModelVersion, useModelVersions } from '../api/queries.ts';
import type { ModelSample, ModelVersion, ModelVersionDetail } from '../api/types.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { TableState } from '../components/TableState.tsx';
import { formatDate, formatDateTime, formatDecimal, formatPercent } from '../lib/format.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

/** Below this many training rows the model card says its figures are only indicative. */
const SMALL_TRAINING_SET = 1000;
/** The share of the ranking at which the table shows precision (the drift check uses the same). */
const TABLE_FRACTION = 0.2;

const STATE_COLOR: Record<ModelVersion['state'], string> = { active: 'green', candidate: 'blue', retired: 'gray' };

function precisionAt(sample: ModelSample | undefined, fraction: number): number | null {
  return sample?.top.find((x) => x.fraction === fraction)?.precision ?? null;
}

function scopeKey(m: { country: string | null }): string {
  return m.country ?? '';
}

function SampleBlock({ title, sample }: { title: string; sample: ModelSample }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <Stack gap={4}>
      <Text fw={600} size="sm">
        {title}
      </Text>
      {sample.rows === 0 ? (
        <Text size="sm" c="dimmed">
          {t('model.noSample')}
        </Text>
      ) : (
        <>
          <Text size="sm">{t('model.sampleLine', { rows: sample.rows, positives: sample.positives, rate: formatPercent(sample.baseRate ?? 0, lang) })}</Text>
          {sample.auc !== null && <Text size="sm">{t('model.aucLine', { auc: formatDecimal(sample.auc, lang, 3) })}</Text>}
          <List size="sm" spacing={2}>
            {sample.top.map((x) => (
              <List.Item key={x.fraction}>
                {t('model.precisionAt', { share: formatPercent(x.fraction, lang), precision: x.precision === null ? '–' : formatPercent(x.precision, lang), hits: x.hits, rows: x.rows })}
              </List.Item>
            ))}
          </List>
        </>
      )}
    </Stack>
  );
}

function ModelCard({ model }: { model: ModelVersionDetail }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const m = model.metrics;
  const d = model.drift;
  const pct = (x: number | null) => (x === null ? '–' : formatPercent(x, lang));
  return (
    <Paper withBorder p="md" data-testid="model-card">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('model.card', { version: model.version })} · {model.country ? t('model.countryModel', { country: model.country }) : t('model.network')}
          </Title>
          <Badge color={STATE_COLOR[model.state]}>{t(`model.state.${model.state}`)}</Badge>
        </Group>
        <Text size="sm">
          {t('model.range', { rows: m.training.rows, positives: m.training.positives, from: formatDate(m.training.from, lang), to: formatDate(m.training.to, lang), controlRows: m.training.controlRows, controlPositives: m.training.controlPositives })}{' '}
          {t('model.trees', { trees: m.trees })}
        </Text>
        {m.training.rows < SMALL_TRAINING_SET && (
          <Alert color="yellow" variant="light" data-testid="model-small">
            {t('model.small', { rows: m.training.rows, positives: m.training.positives })}
          </Alert>
        )}
        {model.positives < model.minPositivesToActivate && (
          <Alert color="orange" variant="light">
            {t('model.tooFewPositives', { positives: model.positives, minimum: model.minPositivesToActivate })}
          </Alert>
        )}
        <Alert color={d.status === 'drift' ? 'red' : d.status === 'ok' ? 'green' : 'gray'} variant="light" title={t('model.drift.title')} data-testid="model-drift" data-status={d.status}>
          {t(`model.drift.${d.status}`, { recent: pct(d.recentPrecision), validation: pct(d.validationPrecision), rows: d.recentRows, days: d.days, minRows: d.minRows })}
        </Alert>
        {m.validation ? (
          <>
            <Text size="sm" c="dimmed">
              {t('model.holdout', { from: formatDate(m.validation.from, lang), to: formatDate(m.validation.to, lang) })}
            </Text>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <SampleBlock title={t('model.inspected')} sample={m.validation.inspected} />
              <SampleBlock title={t('model.control')} sample={m.validation.control} />
            </SimpleGrid>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            {t('model.noHoldout')}
          </Text>
        )}
        <Stack gap={4}>
          <Text fw={600} size="sm">
            {t('model.topFeatures')}
          </Text>
          <List size="sm" spacing={2} data-testid="model-features">
            {m.importance.slice(0, 10).map((f) => (
              <List.Item key={f.feature}>
                <FeatureLabel feature={f.feature} /> <Text span size="xs" c="dimmed" className="mono">({f.feature})</Text> — {formatPercent(f.share, lang, 1)}
              </List.Item>
            ))}
          </List>
        </Stack>
      </Stack>
    </Paper>
  );
}

const FEATURE_SOURCES = ['shipper', 'consignee', 'pair', 'carrier', 'hs2', 'hs4_origin', 'hs4', 'loading_country', 'loading', 'transshipment', 'route', 'origin', 'unit', 'value_per_kg', 'gross_per_package', 'quality_score', 'goods_items', 'containers', 'transshipments', 'mode'] as const;

/** consignee_rate → "consignee history"; names this UI does not know are shown as they are. */
function FeatureLabel({ feature }: { feature: string }) {
  const { t } = useTranslation();
  const source = FEATURE_SOURCES.find((s) => feature === s || feature.startsWith(`${s}_`) || feature === `log_${s}`);
  return <>{source ? t(`model.feature.${source}`) : feature}</>;
}

export function ModelsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  useDocumentTitle(t('model.title'));
  const qc = useQueryClient();
  const versions = useModelVersions();
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const list = versions.data ?? [];
  const shownId = selected ?? list.find((m) => m.state === 'active')?.id ?? list[0]?.id;
  const detail = useModelVersion(shownId);
  const done = (message: string) => {
    notifications.show({ color: 'green', message });
    void qc.invalidateQueries({ queryKey: modelKeys.all });
  };
  const onError = (error: unknown) => notifications.show({ color: 'red', message: error instanceof Error ? error.message : String(error) });
  const train = useMutation({ mutationFn: (country: string | null) => modelApi.train(country), onSuccess: () => done(t('model.trainQueued')), onError });
  const activate = useMutation({ mutationFn: (id: string) => modelApi.activate(id), onSuccess: (m) => (setSelected(m.id), done(t('model.activeVersion', { version: m.version }))), onError });
  const rollback = useMutation({ mutationFn: (country: string | null) => modelApi.rollback(country), onSuccess: (m) => (setSelected(m.id), done(t('model.activeVersion', { version: m.version }))), onError });

  // One section per scope (network, own country), each with its versions.
  const scopes = [...new Set(list.map(scopeKey))];
  return (
    <Stack>
      <PageHeader title={t('model.title')} intro={t('model.intro')} />
      {versions.error && <ErrorAlert error={versions.error} onRetry={() => void versions.refetch()} />}
      {!versions.isLoading && list.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('model.noModels')}
        </Text>
      )}
      {scopes.map((scope) => {
        const rows = list.filter((m) => scopeKey(m) === scope);
        const country = rows[0]!.country;
        const active = rows.find((m) => m.state === 'active');
        const can = rows[0]!.can;
        return (
          <Paper withBorder p="md" key={scope || 'network'}>
            <Stack gap="sm">
              <Group justify="space-between">
                <Stack gap={0}>
                  <Title order={2} size="h4">
                    {country ? t('model.countryModel', { country }) : t('model.network')}
                  </Title>
                  <Text size="sm" c="dimmed">
                    {active ? t('model.activeVersion', { version: active.version }) : t('model.noActive')}
                  </Text>
                </Stack>
                <Group gap="xs">
                  {can.train && (
                    <Button size="xs" variant="default" loading={train.isPending} onClick={() => train.mutate(country)}>
                      {t('model.trainNow')}
                    </Button>
                  )}
                  {active?.can.rollback && (
                    <Button size="xs" color="orange" variant="light" loading={rollback.isPending} onClick={() => window.confirm(t('model.rollbackConfirm')) && rollback.mutate(country)}>
                      {t('model.rollback')}
                    </Button>
                  )}
                </Group>
              </Group>
              <Table.ScrollContainer minWidth={760}>
                <Table striped verticalSpacing="xs" aria-label={t('model.versions')}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('model.col.version')}</Table.Th>
                      <Table.Th scope="col">{t('model.col.state')}</Table.Th>
                      <Table.Th scope="col">{t('model.col.trained')}</Table.Th>
                      <Table.Th scope="col">{t('model.col.dataRange')}</Table.Th>
                      <Table.Th scope="col" ta="right">{t('model.col.rows')}</Table.Th>
                      <Table.Th scope="col" ta="right">{t('model.col.positives')}</Table.Th>
                      <Table.Th scope="col" ta="right">{t('model.col.auc')}</Table.Th>
                      <Table.Th scope="col" ta="right">{t('model.col.precision', { share: formatPercent(TABLE_FRACTION, lang) })}</Table.Th>
                      <Table.Th scope="col" ta="right">{t('model.col.controlPrecision')}</Table.Th>
                      <Table.Th scope="col">{t('model.col.actions')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    <TableState colSpan={10} loading={versions.isLoading} empty={rows.length === 0} emptyText={t('model.noModels')} />
                    {rows.map((m) => {
                      const v = m.metrics.validation;
                      const p = precisionAt(v?.inspected, TABLE_FRACTION);
                      const c = precisionAt(v?.control, TABLE_FRACTION);
                      return (
                        <Table.Tr key={m.id} data-testid={`model-row-${m.version}`} aria-selected={m.id === shownId}>
                          <Table.Td>
                            <Button variant="subtle" size="compact-sm" onClick={() => setSelected(m.id)}>
                              v{m.version}
                            </Button>
                          </Table.Td>
                          <Table.Td>
                            <Badge color={STATE_COLOR[m.state]} variant="light">
                              {t(`model.state.${m.state}`)}
                            </Badge>
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm">{formatDateTime(m.trainedAt, lang)}</Text>
                            {m.trainedByName && (
                              <Text size="xs" c="dimmed">
                                {t('model.trainedBy', { name: m.trainedByName })}
                              </Text>
                            )}
                            {m.activatedAt && m.activatedByName && (
                              <Text size="xs" c="dimmed">
                                {t('model.activatedBy', { at: formatDateTime(m.activatedAt, lang), name: m.activatedByName })}
                              </Text>
                            )}
                          </Table.Td>
                          <Table.Td>
                            {formatDate(m.trainingFrom, lang)} – {formatDate(m.trainingTo, lang)}
                          </Table.Td>
                          <Table.Td ta="right">{m.rows}</Table.Td>
                          <Table.Td ta="right">{m.positives}</Table.Td>
                          <Table.Td ta="right">{v?.inspected.auc == null ? '–' : formatDecimal(v.inspected.auc, lang, 3)}</Table.Td>
                          <Table.Td ta="right">{p === null ? '–' : formatPercent(p, lang)}</Table.Td>
                          <Table.Td ta="right">{c === null ? '–' : `${formatPercent(c, lang)} (n=${v?.control.rows ?? 0})`}</Table.Td>
                          <Table.Td>
                            {m.can.activate && (
                              <Button size="compact-sm" loading={activate.isPending} onClick={() => activate.mutate(m.id)}>
                                {t('model.activate')}
                              </Button>
                            )}
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Stack>
          </Paper>
        );
      })}
      {detail.error && <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />}
      {detail.data && <ModelCard model={detail.data} />}
    </Stack>
  );
}
