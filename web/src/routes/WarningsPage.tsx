import { Anchor, Badge, Button, Group, Select, Stack, Table, Tabs, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useWarnings, type WarningFilter } from '../api/exchange.ts';
import { TLP_LEVELS, WARNING_BOXES, WARNING_STATES, type WarningBox, type WarningSummary } from '../api/exchange.types.ts';
import { useMe } from '../auth/session.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { canWriteWarnings } from '../components/exchange/access.ts';
import { DeadlineText } from '../components/exchange/DeadlineText.tsx';
import { TlpBadge } from '../components/exchange/Tlp.tsx';
import { ListPager } from '../components/ListPager.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { TableState } from '../components/TableState.tsx';
import { formatDateTime } from '../lib/format.ts';
import { tlpOptions, warningStateLabel, warningStateOptions, WARNING_STATE_COLORS } from '../lib/exchange-labels.ts';
import { useCountryNames } from '../lib/labels.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

const LIMIT = 25;

function filterFrom(params: URLSearchParams): WarningFilter {
  return {
    box: WARNING_BOXES.find((b) => b === params.get('box')) ?? 'inbox',
    state: WARNING_STATES.find((s) => s === params.get('state')) ?? null,
    tlp: TLP_LEVELS.find((s) => s === params.get('tlp')) ?? null,
    country: params.get('country') || null,
  };
}

function WarningRow({ w }: { w: WarningSummary }) {
  const { t, i18n } = useTranslation();
  const countries = useCountryNames();
  return (
    <Table.Tr data-testid="warning-row" data-warning={w.id} data-overdue={w.overdue || undefined}>
      <Table.Td>
        <TlpBadge tlp={w.tlp} size="sm" />
      </Table.Td>
      <Table.Th scope="row" fw={500}>
        <Anchor component={Link} to={`/warnings/${w.id}`} size="sm" dir="auto">
          {w.subject}
        </Anchor>
        {w.matchesHere > 0 && (
          <Badge color="red" variant="light" size="sm" ml={6}>
            {t('exchange.warnings.matchesHere', { count: w.matchesHere })}
          </Badge>
        )}
      </Table.Th>
      <Table.Td className="nowrap">
        {countries.name(w.senderCountry)}
        {w.senderUnitCode && (
          <Text span size="xs" c="dimmed" className="mono">
            {' '}
            {w.senderUnitCode}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Badge color={WARNING_STATE_COLORS[w.state]} variant="light" data-state={w.state}>
          {warningStateLabel(t, w.state)}
        </Badge>
      </Table.Td>
      <Table.Td className="nowrap">
        <DeadlineText deadline={w.deadline} overdue={w.overdue} />
      </Table.Td>
      <Table.Td ta="right">{w.feedbackCount}</Table.Td>
      <Table.Td className="nowrap">
        <Text size="sm">{formatDateTime(w.sentAt ?? w.createdAt, i18n.language)}</Text>
      </Table.Td>
    </Table.Tr>
  );
}

/** Exchange → Warnings: received (inbox), sent by the unit (outbox) or all the caller may see; filters in the address. */
export function WarningsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('exchange.warnings.title'));
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const filter = filterFrom(params);
  const offset = Number(params.get('offset') ?? 0) || 0;
  const query = useWarnings(filter, { limit: LIMIT, offset });
  const rows = query.data?.data ?? [];
  const countries = useCountryNames();

  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'offset') next.delete('offset');
    setParams(next, { replace: true });
  };

  return (
    <Stack gap="md">
      <PageHeader
        title={t('exchange.warnings.title')}
        intro={t('exchange.warnings.intro')}
        actions={
          canWriteWarnings(me) && (
            <Button component={Link} to="/warnings/new">
              {t('exchange.warnings.new')}
            </Button>
          )
        }
      />
      <Tabs value={filter.box} onChange={(v) => set('box', v === 'inbox' ? null : v)} keepMounted={false}>
        <Tabs.List>
          {WARNING_BOXES.map((b: WarningBox) => (
            <Tabs.Tab key={b} value={b}>
              {t(`exchange.boxes.${b}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select label={t('exchange.warnings.state')} data={warningStateOptions(t)} value={filter.state ?? null} onChange={(v) => set('state', v)} clearable placeholder={t('exchange.any')} w={200} />
        <Select label="TLP" data={tlpOptions()} value={filter.tlp ?? null} onChange={(v) => set('tlp', v)} clearable placeholder={t('exchange.any')} w={180} />
        <Select
          label={t('exchange.warnings.senderCountry')}
          data={countries.memberOptions}
          value={filter.country ?? null}
          onChange={(v) => set('country', v)}
          clearable
          searchable
          placeholder={t('exchange.any')}
          w={220}
        />
        <Button variant="subtle" size="sm" onClick={() => void query.refetch()} loading={query.isFetching && !query.isPending} mb={2}>
          {t('exchange.refresh')}
        </Button>
      </Group>
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      <Table.ScrollContainer minWidth={820}>
        <Table verticalSpacing="xs" striped highlightOnHover data-testid="warnings-table" aria-busy={query.isFetching}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">TLP</Table.Th>
              <Table.Th scope="col">{t('exchange.warnings.subject')}</Table.Th>
              <Table.Th scope="col">{t('exchange.warnings.sender')}</Table.Th>
              <Table.Th scope="col">{t('exchange.warnings.state')}</Table.Th>
              <Table.Th scope="col">{t('exchange.warnings.deadline')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('exchange.warnings.feedbackCount')}
              </Table.Th>
              <Table.Th scope="col">{t('exchange.warnings.sent')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState colSpan={7} loading={query.isPending} empty={!query.isPending && rows.length === 0} emptyText={t('exchange.warnings.empty')} />
            {rows.map((w) => (
              <WarningRow key={w.id} w={w} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ListPager page={query.data ? { total: query.data.total, limit: LIMIT, offset } : undefined} onPage={(o) => set('offset', o ? String(o) : null)} />
    </Stack>
  );
}
