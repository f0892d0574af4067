import { Anchor, Badge, Button, Group, Select, Stack, Table, Tabs, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useRequests, type RequestFilter } from '../api/exchange.ts';
import { REQUEST_STATES, type InformationRequestSummary } from '../api/exchange.types.ts';
import type { PageInfo } from '../api/types.ts';
import { useMe } from '../auth/session.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { canWriteWarnings } from '../components/exchange/access.ts';
import { DeadlineText } from '../components/exchange/DeadlineText.tsx';
import { TlpBadge } from '../components/exchange/Tlp.tsx';
import { ListPager } from '../components/ListPager.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { TableState } from '../components/TableState.tsx';
import { formatDateTime } from '../lib/format.ts';
import { hintKindLabel, requestStateLabel, requestStateOptions, REQUEST_STATE_COLORS } from '../lib/exchange-labels.ts';
import { useCountryNames } from '../lib/labels.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

const LIMIT = 25;
const BOXES = ['inbox', 'outbox', 'all'] as const;

function filterFrom(params: URLSearchParams): RequestFilter {
  return {
    box: BOXES.find((b) => b === params.get('box')) ?? 'inbox',
    state: REQUEST_STATES.find((s) => s === params.get('state')) ?? null,
    limit: LIMIT,
    offset: Number(params.get('offset') ?? 0) || 0,
  };
}

function Party({ country, code }: { country: string; code: string | null }) {
  const countries = useCountryNames();
  return (
    <>
      {countries.name(country)}
      {code && (
        <Text span size="xs" c="dimmed" className="mono">
          {' '}
          {code}
        </Text>
      )}
    </>
  );
}

function RequestRow({ r }: { r: InformationRequestSummary }) {
  const { t, i18n } = useTranslation();
  return (
    <Table.Tr data-testid="request-row" data-request={r.id}>
      <Table.Td>
        <TlpBadge tlp={r.tlp} size="sm" />
      </Table.Td>
      <Table.Th scope="row" fw={500}>
        <Anchor component={Link} to={`/requests/${r.id}`} size="sm" dir="auto">
          {r.subject}
        </Anchor>
        {r.hintKind && (
          <Badge color="grape" variant="light" size="sm" ml={6}>
            {hintKindLabel(t, r.hintKind)}
          </Badge>
        )}
      </Table.Th>
      <Table.Td className="nowrap">
        <Party country={r.senderCountry} code={r.senderUnitCode} />
      </Table.Td>
      <Table.Td className="nowrap">
        <Party country={r.recipientCountry} code={r.recipientUnitCode} />
      </Table.Td>
      <Table.Td>
        <Badge color={REQUEST_STATE_COLORS[r.state]} variant="light" data-state={r.state}>
          {requestStateLabel(t, r.state)}
        </Badge>
      </Table.Td>
      <Table.Td className="nowrap">
        <DeadlineText deadline={r.deadline} overdue={r.overdue} />
      </Table.Td>
      <Table.Td ta="right">{r.replyCount}</Table.Td>
      <Table.Td className="nowrap">{formatDateTime(r.updatedAt, i18n.language)}</Table.Td>
    </Table.Tr>
  );
}

/** Exchange → Requests for information: to the unit (inbox), from it (outbox) or all; filters in the address. */
export function RequestsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('exchange.requests.title'));
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const filter = filterFrom(params);
  const query = useRequests(filter);
  const rows = query.data?.data ?? [];
  const page: PageInfo | undefined = query.data?.page;

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
        title={t('exchange.requests.title')}
        intro={t('exchange.requests.intro')}
        actions={
          canWriteWarnings(me) && (
            <Button component={Link} to="/requests/new">
              {t('exchange.requests.new')}
            </Button>
          )
        }
      />
      <Tabs value={filter.box} onChange={(v) => set('box', v === 'inbox' ? null : v)}>
        <Tabs.List>
          {BOXES.map((b) => (
            <Tabs.Tab key={b} value={b}>
              {t(`exchange.boxes.${b}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Group gap="sm" align="flex-end">
        <Select label={t('exchange.requests.state')} data={requestStateOptions(t)} value={filter.state ?? null} onChange={(v) => set('state', v)} clearable placeholder={t('exchange.any')} w={200} />
      </Group>
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      <Table.ScrollContainer minWidth={860}>
        <Table verticalSpacing="xs" striped highlightOnHover data-testid="requests-table" aria-busy={query.isFetching}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">TLP</Table.Th>
              <Table.Th scope="col">{t('exchange.requests.subject')}</Table.Th>
              <Table.Th scope="col">{t('exchange.requests.from')}</Table.Th>
              <Table.Th scope="col">{t('exchange.requests.to')}</Table.Th>
              <Table.Th scope="col">{t('exchange.requests.state')}</Table.Th>
              <Table.Th scope="col">{t('exchange.requests.deadline')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('exchange.requests.replies')}
              </Table.Th>
              <Table.Th scope="col">{t('exchange.requests.created')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState colSpan={8} loading={query.isPending} empty={!query.isPending && rows.length === 0} emptyText={t('exchange.requests.empty')} />
            {rows.map((r) => (
              <RequestRow key={r.id} r={r} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ListPager page={page} onPage={(offset) => set('offset', offset ? String(offset) : null)} />
    </Stack>
  );
}
