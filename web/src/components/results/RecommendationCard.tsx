import { Badge, Button, Group, Paper, Select, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { meetingsApi, operationsKeys, RECOMMENDATION_STATUSES, type FollowUpGroup, type Recommendation, type RecommendationStatus } from '../../api/results-operations.ts';
import { formatDate } from '../../lib/format.ts';
import { useCountryNames } from '../../lib/labels.ts';
import { ErrorAlert } from '../ErrorAlert.tsx';

export const GROUP_COLORS: Record<FollowUpGroup, string> = { late: 'red', not_started: 'gray', in_progress: 'yellow', done: 'green', cancelled: 'dark' };

function NoteForm({ rec, onDone }: { rec: Recommendation; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [status, setStatus] = useState<RecommendationStatus>(rec.status);
  const add = useMutation({
    mutationFn: () => meetingsApi.addNote(rec.id, { note: note.trim(), status }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: operationsKeys.meetingsAll });
      onDone();
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate();
      }}
    >
      <Stack gap="xs">
        <ErrorAlert error={add.error} />
        <Textarea label={t('meetings.note.text')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} maxLength={5000} required />
        <Group align="flex-end" justify="space-between">
          <Select label={t('meetings.note.status')} data={RECOMMENDATION_STATUSES.map((s) => ({ value: s, label: t(`meetings.statuses.${s}`) }))} value={status} onChange={(v) => setStatus((v as RecommendationStatus) ?? rec.status)} allowDeselect={false} w={220} />
          <Group gap="xs">
            <Button variant="default" onClick={onDone}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={add.isPending} disabled={note.trim().length < 3}>
              {t('common.save')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

/** One recommendation: number, text, owner, due date, follow-up state, notes, and the note form for those who may. */
export function RecommendationCard({ rec, showMeeting = false }: { rec: Recommendation; showMeeting?: boolean }) {
  const { t, i18n } = useTranslation();
  const countries = useCountryNames();
  const [writing, setWriting] = useState(false);
  const owner = [rec.ownerCountry ? countries.name(rec.ownerCountry) : null, rec.ownerUnitCode, rec.ownerOrganisation].filter(Boolean).join(' · ');
  return (
    <Paper withBorder p="sm" data-testid="recommendation" data-number={rec.number}>
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Text fw={600} size="sm" dir="auto">
            {rec.number}. {rec.text}
          </Text>
          <Badge color={GROUP_COLORS[rec.group]} variant="light" style={{ flexShrink: 0 }}>
            {t(`meetings.groups.${rec.group}`)}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {t(`meetings.recKinds.${rec.kind}`)} · {t('meetings.owner')}: {owner || '—'} · {t('meetings.due')}: {rec.dueDate ? formatDate(rec.dueDate, i18n.language) : '—'}
          {showMeeting ? ` · ${rec.meetingTitle}` : ''}
        </Text>
        {rec.notes.length > 0 && (
          <Stack gap={2} component="ul" className="plain-list" aria-label={t('meetings.note.list')}>
            {rec.notes.map((n) => (
              <Text key={n.id} component="li" size="sm">
                <Text span size="xs" c="dimmed">
                  {formatDate(n.createdAt, i18n.language)} · {n.by ?? ''} · {t(`meetings.statuses.${n.status}`)}:
                </Text>{' '}
                <span dir="auto">{n.note}</span>
              </Text>
            ))}
          </Stack>
        )}
        {rec.can.note &&
          (writing ? (
            <NoteForm rec={rec} onDone={() => setWriting(false)} />
          ) : (
            <Group>
              <Button size="xs" variant="light" onClick={() => setWriting(true)}>
                {t('meetings.note.add')}
              </Button>
            </Group>
          ))}
      </Stack>
    </Paper>
  );
}
