import { Badge, Button, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { OPERATION_STATES, useOperations, type OperationState } from '../api/results-operations.ts';
import { useMe } from '../auth/session.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { ListPager } from '../components/ListPager.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { TableState } from '../components/TableState.tsx';
import { canCreateOperations } from '../components/results/labels.ts';
import { formatDate } from '../lib/format.ts';
import { useCountryNames } from '../lib/labels.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

export const STATE_COLORS: Record<OperationState, string> = { planned: 'gray', active: 'green', closed: 'blue' };

export function OperationsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const countries = useCountryNames();
  useDocumentTitle(t('operations.title'));
  const [state, setState] = useState<OperationState | null>(null);
  const [offset, setOffset] = useState(0);
  const query = useOperations(state, offset);
  const rows = query.data?.data ?? [];
  return (
    <Stack gap="md">
      <PageHeader
        title={t('operations.title')}
        intro={t('operations.intro')}
        actions={
          canCreateOperations(me.role) && (
            <Button component={Link} to="/operations/new">
              {t('operations.new')}
            </Button>
          )
        }
      />
      <SegmentedControl
        aria-label={t('operations.state')}
        value={state ?? 'all'}
        onChange={(v) => {
          setState(v === 'all' ? null : (v as OperationState));
          setOffset(0);
        }}
        data={[{ value: 'all', label: t('operations.allStates') }, ...OPERATION_STATES.map((s) => ({ value: s, label: t(`operations.states.${s}`) }))]}
        w="fit-content"
      />
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      <Table.ScrollContainer minWidth={760}>
        <Table striped verticalSpacing="xs" data-testid="operations-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('operations.name')}</Table.Th>
              <Table.Th scope="col">{t('operations.period')}</Table.Th>
              <Table.Th scope="col">{t('operations.state')}</Table.Th>
              <Table.Th scope="col">{t('operations.coordinating')}</Table.Th>
              <Table.Th scope="col">{t('operations.countries')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('operations.seizures')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState colSpan={6} loading={query.isPending} empty={!query.isPending && rows.length === 0} emptyText={t('operations.none')} />
            {rows.map((o) => (
              <Table.Tr key={o.id}>
                <Table.Th scope="row" fw={500}>
                  <Text component={Link} to={`/operations/${o.id}`} size="sm" c="blue.8" fw={600}>
                    {o.code ?? o.name}
                  </Text>
                  {o.code && (
                    <Text size="xs" c="dimmed">
                      {o.name}
                    </Text>
                  )}
                </Table.Th>
                <Table.Td>
                  {formatDate(o.startsOn, i18n.language)} – {formatDate(o.endsOn, i18n.language)}
                </Table.Td>
                <Table.Td>
                  <Badge color={STATE_COLORS[o.state]} variant="light">
                    {t(`operations.states.${o.state}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {countries.name(o.coordinatingCountry)}
                  {o.coordinatingUnitCode && (
                    <Text span className="mono" size="xs" c="dimmed">
                      {' '}
                      {o.coordinatingUnitCode}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {o.countries.map((c) => (
                      <Badge key={c} variant="outline" size="sm" title={countries.name(c)}>
                        {c}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td ta="right">{o.seizures}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ListPager page={query.data?.page} onPage={setOffset} />
    </Stack>
  );
}
