import { Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../api/client.ts';
import { meetingsApi, operationsKeys, useMeeting, type MeetingDetail } from '../api/results-operations.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { MeetingFormModal } from '../components/results/MeetingFormModal.tsx';
import { OwnerFields, RecommendationCard, type Owner } from '../components/results/RecommendationCard.tsx';
import { formatDate } from '../lib/format.ts';
import { useCountryNames } from '../lib/labels.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

function AddRecommendation({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const next = String(meeting.recommendations.length + 1);
  const [number, setNumber] = useState(next);
  const [kind, setKind] = useState<'recommendation' | 'action'>('recommendation');
  const [text, setText] = useState('');
  const [owner, setOwner] = useState<Owner>({ ownerCountry: null, ownerUnitId: null, ownerOrganisation: '' });
  const [dueDate, setDueDate] = useState('');
  const add = useMutation({
    mutationFn: () =>
      meetingsApi.addRecommendation(meeting.id, {
        number: number.trim(),
        kind,
        text: text.trim(),
        ...(owner.ownerCountry ? { ownerCountry: owner.ownerCountry } : {}),
        ...(owner.ownerUnitId ? { ownerUnitId: owner.ownerUnitId } : {}),
        ...(owner.ownerOrganisation.trim() ? { ownerOrganisation: owner.ownerOrganisation.trim() } : {}),
        ...(dueDate ? { dueDate } : {}),
      }),
    onSuccess: async () => {
      setText('');
      setNumber(String(meeting.recommendations.length + 2));
      await queryClient.invalidateQueries({ queryKey: operationsKeys.meetingsAll });
    },
  });
  const field = isApiError(add.error) ? add.error.field : null;
  const err = (f: string) => (field === f ? add.error?.message : undefined);
  return (
    <Paper withBorder p="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={3} size="h5">
            {t('meetings.addRecommendation')}
          </Title>
          <ErrorAlert error={add.error} />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label={t('meetings.number')} value={number} onChange={(e) => setNumber(e.currentTarget.value)} required maxLength={20} error={err('number')} />
            <Select label={t('meetings.kind')} data={(['recommendation', 'action'] as const).map((k) => ({ value: k, label: t(`meetings.recKinds.${k}`) }))} value={kind} onChange={(v) => setKind((v as 'recommendation' | 'action') ?? 'recommendation')} allowDeselect={false} />
            <TextInput type="date" label={t('meetings.due')} value={dueDate} onChange={(e) => setDueDate(e.currentTarget.value)} error={err('dueDate')} />
          </SimpleGrid>
          <Textarea label={t('meetings.text')} value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={2} maxLength={5000} required error={err('text')} />
          <OwnerFields value={owner} onChange={setOwner} error={err} />
          <Group justify="flex-end">
            <Button type="submit" loading={add.isPending} disabled={text.trim().length < 3 || !number.trim()}>
              {t('meetings.addRecommendation')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

export function MeetingPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const countries = useCountryNames();
  const query = useMeeting(id);
  const [editing, setEditing] = useState(false);
  const m = query.data;
  useDocumentTitle(m?.title ?? t('meetings.title'));
  if (query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (!m) return null;
  const dates = `${formatDate(m.startsOn, i18n.language)}${m.endsOn !== m.startsOn ? ` – ${formatDate(m.endsOn, i18n.language)}` : ''}`;
  return (
    <Stack gap="md">
      <PageHeader
        title={m.title}
        intro={`${t(`meetings.kinds.${m.kind}`)} · ${dates} · ${m.online ? t('meetings.online') : (m.place ?? '')}`}
        actions={
          <>
            <Button component={Link} to={`/recommendations/follow-up?meetingId=${m.id}`} variant="default">
              {t('meetings.followUp.title')}
            </Button>
            {m.can.edit && (
              <Button variant="default" onClick={() => setEditing(true)}>
                {t('meetings.edit')}
              </Button>
            )}
          </>
        }
      />
      {editing && <MeetingFormModal meeting={m} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />}
      {m.participants.length > 0 && (
        <Text size="sm" data-testid="meeting-participants-text">
          <b>{t('meetings.participants')}:</b> {m.participants.map((p) => `${countries.name(p.country)}${p.agency ? ` (${p.agency})` : ''}${p.count ? ` × ${p.count}` : ''}`).join('; ')}
        </Text>
      )}
      {m.operation && (
        <Text size="sm">
          <b>{t('meetings.operation')}:</b>{' '}
          <Text span component={Link} to={`/operations/${m.operation.id}`} c="blue.8" size="sm">
            {m.operation.name}
          </Text>
        </Text>
      )}
      {m.summary && (
        <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
          {m.summary}
        </Text>
      )}
      <Title order={2} size="h4">
        {t('meetings.recommendations')} ({m.recommendations.length})
      </Title>
      <Stack gap="xs">
        {m.recommendations.map((r) => (
          <RecommendationCard key={r.id} rec={r} />
        ))}
        {m.recommendations.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('meetings.noRecommendations')}
          </Text>
        )}
      </Stack>
      {m.can.addRecommendation && <AddRecommendation meeting={m} />}
    </Stack>
  );
}
