import { Anchor, Button, Group, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useConsignments } from '../api/queries.ts';
import type { ConsignmentFilter, ConsignmentSummary, TransportMode } from '../api/types.ts';
import { TRANSPORT_MODES } from '../api/types.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { MorePager } from '../components/MorePager.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { QualityBadge } from '../components/RiskBadges.tsx';
import { RouteText } from '../components/RouteText.tsx';
import { TableState } from '../components/TableState.tsx';
import { formatDate, formatNumber } from '../lib/format.ts';
import { documentTypeLabel, modeLabel, modeOptions } from '../lib/labels.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

const LIMIT = 50;
const TEXT_FIELDS = ['container', 'document', 'party', 'vessel', 'hs', 'place', 'from', 'to'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
type Draft = Record<TextField, string> & { mode: TransportMode | null };

function draftFrom(params: URLSearchParams): Draft {
  const d = Object.fromEntries(TEXT_FIELDS.map((f) => [f, params.get(f) ?? ''])) as Record<TextField, string>;
  return { ...d, mode: TRANSPORT_MODES.find((m) => m === params.get('mode')) ?? null };
}

function filterFrom(params: URLSearchParams): ConsignmentFilter {
  const d = draftFrom(params);
  const f: ConsignmentFilter = { limit: LIMIT, offset: Number(params.get('offset') ?? 0) || 0 };
  for (const k of TEXT_FIELDS) if (d[k].trim()) f[k] = d[k].trim();
  if (d.mode) f.mode = d.mode;
  return f;
}

export function TransportCell({ c }: { c: Pick<ConsignmentSummary, 'vesselName' | 'imoNumber' | 'voyageNumber' | 'flightNumber' | 'carrierName'> }) {
  const { t } = useTranslation();
  if (c.flightNumber) {
    return (
      <Text size="sm" className="mono">
        {c.flightNumber}
      </Text>
    );
  }
  if (!c.vesselName && !c.imoNumber) return <Text size="sm">{c.carrierName ?? t('common.none')}</Text>;
  return (
    <Text size="sm">
      {c.vesselName}
      {c.imoNumber && (
        <Text span size="xs" c="dimmed" className="mono">
          {' '}
          IMO {c.imoNumber}
        </Text>
      )}
      {c.voyageNumber && (
        <Text span size="xs" c="dimmed">
          {' '}
          · {t('consignment.voyageShort', { voyage: c.voyageNumber })}
        </Text>
      )}
    </Text>
  );
}

/** Cargo → Consignments: search the country's current consignments. Filters live in the address (shareable, kept on Back). */
export function ConsignmentsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  useDocumentTitle(t('consignments.title'));
  const [params, setParams] = useSearchParams();
  const [draft, setDraft] = useState<Draft>(() => draftFrom(params));
  const filter = filterFrom(params);
  const query = useConsignments(filter);
  const rows = query.data?.data ?? [];

  const apply = (d: Draft) => {
    const next = new URLSearchParams();
    for (const k of TEXT_FIELDS) if (d[k].trim()) next.set(k, d[k].trim());
    if (d.mode) next.set('mode', d.mode);
    setParams(next);
  };
  const setOffset = (offset: number) => {
    const next = new URLSearchParams(params);
    if (offset) next.set('offset', String(offset));
    else next.delete('offset');
    setParams(next);
  };
  const text = (field: TextField, label: string, extra: { placeholder?: string; description?: string; type?: string } = {}) => (
    <TextInput
      label={label}
      value={draft[field]}
      onChange={(e) => {
        const v = e.currentTarget.value;
        setDraft((d) => ({ ...d, [field]: v }));
      }}
      autoComplete="off"
      spellCheck={false}
      {...extra}
    />
  );

  return (
    <Stack gap="md">
      <PageHeader title={t('consignments.title')} intro={t('consignments.intro')} />
      <Paper withBorder p="md">
        <form
          role="search"
          aria-label={t('consignments.searchForm')}
          onSubmit={(e) => {
            e.preventDefault();
            apply(draft);
          }}
        >
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 5 }} spacing="sm" verticalSpacing="xs">
            {text('container', t('consignments.container'), { placeholder: 'MSCU1234565' })}
            {text('document', t('consignments.document'), { placeholder: t('consignments.documentPlaceholder') })}
            {text('party', t('consignments.party'), { placeholder: t('consignments.partyPlaceholder') })}
            {text('vessel', t('consignments.vessel'), { placeholder: t('consignments.vesselPlaceholder') })}
            {text('hs', t('consignments.hs'), { placeholder: '0803' })}
            {text('place', t('consignments.place'), { placeholder: 'GEPTI' })}
            <Select label={t('consignments.mode')} placeholder={t('consignments.allModes')} data={modeOptions(t)} value={draft.mode} onChange={(v) => setDraft((d) => ({ ...d, mode: TRANSPORT_MODES.find((m) => m === v) ?? null }))} clearable />
            {text('from', t('consignments.arrivalFrom'), { type: 'date' })}
            {text('to', t('consignments.arrivalTo'), { type: 'date' })}
            <Group gap="xs" align="flex-end">
              <Button type="submit">{t('consignments.search')}</Button>
              <Button
                variant="default"
                onClick={() => {
                  const empty = draftFrom(new URLSearchParams());
                  setDraft(empty);
                  apply(empty);
                }}
              >
                {t('common.clear')}
              </Button>
            </Group>
          </SimpleGrid>
        </form>
      </Paper>
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      <Table.ScrollContainer minWidth={600}>
        <Table striped highlightOnHover verticalSpacing="xs" aria-busy={query.isFetching} data-testid="consignments-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('consignments.documentCol')}</Table.Th>
              <Table.Th scope="col">{t('consignments.transportRoute')}</Table.Th>
              <Table.Th scope="col">{t('consignments.parties')}</Table.Th>
              <Table.Th scope="col">{t('consignments.eta')}</Table.Th>
              <Table.Th scope="col" ta="right" visibleFrom="lg">
                <abbr title={t('consignments.containersLong')} style={{ textDecoration: 'none' }}>
                  {t('consignments.containersShort')}
                </abbr>
              </Table.Th>
              <Table.Th scope="col" ta="right" visibleFrom="lg">
                <abbr title={t('consignments.goodsLong')} style={{ textDecoration: 'none' }}>
                  {t('consignments.goodsShort')}
                </abbr>
              </Table.Th>
              <Table.Th scope="col">
                <abbr title={t('consignments.qualityLong')} style={{ textDecoration: 'none' }}>
                  {t('consignments.quality')}
                </abbr>
              </Table.Th>
              <Table.Th scope="col" visibleFrom="lg">
                {t('consignments.version')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState colSpan={8} loading={query.isPending} empty={!query.isPending && rows.length === 0} emptyText={t('consignments.empty')} />
            {rows.map((c) => (
              <Table.Tr key={c.id} data-document={c.documentNumber}>
                <Table.Th scope="row" fw={500}>
                  <Anchor component={Link} to={`/cargo/consignments/${c.id}`} className="mono" size="sm" fw={600}>
                    {c.documentNumber}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {documentTypeLabel(t, c.documentType)} · {modeLabel(t, c.mode)}
                  </Text>
                  {c.masterDocumentNumber && (
                    <Text size="xs" c="dimmed" className="mono">
                      {t('consignment.masterShort', { number: c.masterDocumentNumber })}
                    </Text>
                  )}
                  {/* Narrow screens: the count and version columns are folded into this cell. */}
                  <Text size="xs" c="dimmed" hiddenFrom="lg">
                    {t('consignments.countsShort', { containers: formatNumber(c.containerCount, lang), goods: formatNumber(c.goodsCount, lang), version: c.version })}
                  </Text>
                </Table.Th>
                <Table.Td>
                  <RouteText loading={c.placeOfLoading} via={c.transshipments} discharge={c.placeOfDischarge} />
                  <TransportCell c={c} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" lineClamp={2} title={c.consignor ?? undefined}>
                    <Text span size="xs" c="dimmed">
                      {t('consignments.from')}{' '}
                    </Text>
                    <span dir="auto">{c.consignor ?? t('common.none')}</span>
                  </Text>
                  <Text size="sm" lineClamp={2} title={c.consignee ?? undefined}>
                    <Text span size="xs" c="dimmed">
                      {t('consignments.to')}{' '}
                    </Text>
                    <span dir="auto">{c.consignee ?? t('common.none')}</span>
                  </Text>
                </Table.Td>
                <Table.Td className="nowrap">{formatDate(c.estimatedArrivalDate, lang) || t('common.none')}</Table.Td>
                <Table.Td ta="right" visibleFrom="lg">
                  {formatNumber(c.containerCount, lang)}
                </Table.Td>
                <Table.Td ta="right" visibleFrom="lg">
                  {formatNumber(c.goodsCount, lang)}
                </Table.Td>
                <Table.Td>
                  <QualityBadge score={c.qualityScore} />
                </Table.Td>
                <Table.Td className="nowrap" visibleFrom="lg">
                  {t('consignment.versionN', { version: c.version })}
                  {!c.isCurrent && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      ({t('consignment.superseded')})
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <MorePager page={query.data?.page} shown={rows.length} onOffset={setOffset} />
    </Stack>
  );
}
