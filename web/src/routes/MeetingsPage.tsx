import { Badge, Button, Checkbox, Group, Modal, Select, SimpleGrid, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { isApiError } from '../api/client.ts';
import { MEETING_KINDS, meetingsApi, operationsKeys, useMeetings, type MeetingKind } from '../api/results-operations.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { ListPager } from '../components/ListPager.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { TableState } from '../components/TableState.tsx';
import { formatDate } from '../lib/format.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

function NewMeetingModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<MeetingKind>('expert_meeting');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [place, setPlace] = useState('');
  const [online, setOnline] = useState(false);
  const [participants, setParticipants] = useState('');
  const [summary, setSummary] = useState('');
  const create = useMutation({
    mutationFn: () =>
      meetingsApi.create({
        title: title.trim(),
        kind,
        startsOn,
        endsOn: endsOn || startsOn,
        ...(place.trim() ? { place: place.trim() } : {}),
        online,
        // "KZ 3, UZ 5" → participants by country with head counts
        participants: participants
          .split(/[,;\n]+/)
          .map((p) => p.trim())
          .filter(Boolean)
          .map((p) => {
            const [country, count] = p.split(/\s+/);
            return { country: country!.toUpperCase(), ...(count && /^\d+$/.test(count) ? { count: Number(count) } : {}) };
          }),
        ...(summary.trim() ? { summary: summary.trim() } : {}),
      }),
    onSuccess: async (m) => {
      await queryClient.invalidateQueries({ queryKey: operationsKeys.meetingsAll });
      void navigate(`/meetings/${m.id}`);
    },
  });
  const field = isApiError(create.error) ? create.error.field : null;
  const err = (f: string) => (field?.startsWith(f) ? create.error?.message : undefined);
  return (
    <Modal opened onClose={onClose} title={t('meetings.new')} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack gap="sm">
          <ErrorAlert error={create.error} />
          <TextInput label={t('meetings.titleField')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required maxLength={300} error={err('title')} />
          <Select label={t('meetings.kind')} data={MEETING_KINDS.map((k) => ({ value: k, label: t(`meetings.kinds.${k}`) }))} value={kind} onChange={(v) => setKind((v as MeetingKind) ?? 'expert_meeting')} allowDeselect={false} />
          <SimpleGrid cols={2}>
            <TextInput type="date" label={t('meetings.startsOn')} value={startsOn} onChange={(e) => setStartsOn(e.currentTarget.value)} required error={err('startsOn')} />
            <TextInput type="date" label={t('meetings.endsOn')} value={endsOn} onChange={(e) => setEndsOn(e.currentTarget.value)} error={err('endsOn')} />
          </SimpleGrid>
          <Group align="flex-end">
            <TextInput label={t('meetings.place')} value={place} onChange={(e) => setPlace(e.currentTarget.value)} maxLength={200} error={err('place')} style={{ flex: 1 }} />
            <Checkbox label={t('meetings.online')} checked={online} onChange={(e) => setOnline(e.currentTarget.checked)} mb={8} />
          </Group>
          <TextInput label={t('meetings.participants')} description={t('meetings.participantsHint')} value={participants} onChange={(e) => setParticipants(e.currentTarget.value)} error={err('participants')} />
          <Textarea label={t('meetings.summary')} value={summary} onChange={(e) => setSummary(e.currentTarget.value)} autosize minRows={3} maxLength={20000} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!title.trim() || !startsOn}>
              {t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function MeetingsPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('meetings.title'));
  const [offset, setOffset] = useState(0);
  const [creating, setCreating] = useState(false);
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
      {creating && <NewMeetingModal onClose={() => setCreating(false)} />}
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
