import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useMeetings } from '../api/results-operations.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { MeetingFormModal } from '../components/results/MeetingFormModal.tsx';
import { ListPager } from '../components/ListPager.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { TableState } from '../components/TableState.tsx';
import { formatDate } from '../lib/format.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

export function MeetingsPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('meetings.title'));
  const [offset, setOffset] = useState(0);
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const query = useMeetings(offset);
  const rows = query.data?.data ?? [];
  return (
    <Stack gap="md">
      <PageHeader
        title={t('meetings.title')}
        intro={t('meetings.intro')}
        actions={
          <>
            <Button component={Link} to="/recommendations/follow-up" variant="default">
              {t('meetings.followUp.title')}
            </Button>
            {query.data?.can.create && <Button onClick={() => setCreating(true)}>{t('meetings.new')}</Button>}
          </>
        }
      />
      {creating && <MeetingFormModal onClose={() => setCreating(false)} onSaved={(id) => void navigate(`/meetings/${id}`)} />}
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      <Table.ScrollContainer minWidth={700}>
        <Table striped verticalSpacing="xs" data-testid="meetings-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('meetings.titleField')}</Table.Th>
              <Table.Th scope="col">{t('meetings.dates')}</Table.Th>
              <Table.Th scope="col">{t('meetings.place')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('meetings.recommendations')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState colSpan={4} loading={query.isPending} empty={!query.isPending && rows.length === 0} emptyText={t('meetings.none')} />
            {rows.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Th scope="row" fw={500}>
                  <Text component={Link} to={`/meetings/${m.id}`} size="sm" c="blue.8" fw={600}>
                    {m.title}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t(`meetings.kinds.${m.kind}`)}
                  </Text>
                </Table.Th>
                <Table.Td>
                  {formatDate(m.startsOn, i18n.language)}
                  {m.endsOn !== m.startsOn ? ` – ${formatDate(m.endsOn, i18n.language)}` : ''}
                </Table.Td>
                <Table.Td>{m.online ? t('meetings.online') : m.place}</Table.Td>
                <Table.Td ta="right">
                  <Group gap={4} justify="flex-end">
                    <Text size="sm">{m.recommendations}</Text>
                    {m.done > 0 && (
                      <Badge size="sm" color="green" variant="light">
                        {t('meetings.doneCount', { count: m.done })}
                      </Badge>
                    )}
                    {m.late > 0 && (
                      <Badge size="sm" color="red" variant="light">
                        {t('meetings.lateCount', { count: m.late })}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ListPager page={query.data?.page} onPage={setOffset} />
    </Stack>
  );
}
