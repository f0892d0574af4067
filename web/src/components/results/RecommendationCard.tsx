import { Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { useUnits } from '../../api/queries.ts';
import { meetingsApi, operationsKeys, RECOMMENDATION_STATUSES, type FollowUpGroup, type Recommendation, type RecommendationPatch, type RecommendationStatus } from '../../api/results-operations.ts';
import { formatDate } from '../../lib/format.ts';
import { localName, useCountryNames } from '../../lib/labels.ts';
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
          <Select label={t('meetings.note.status')} data={statusOptions(t)} value={status} onChange={(v) => setStatus((v as RecommendationStatus) ?? rec.status)} allowDeselect={false} w={220} />
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

const statusOptions = (t: TFunction) => RECOMMENDATION_STATUSES.map((s) => ({ value: s, label: t(`meetings.statuses.${s}`) }));

/** Who is to carry out a recommendation: a member country, optionally one of its units, and/or an organisation. */
export interface Owner {
  ownerCountry: string | null;
  ownerUnitId: string | null;
  ownerOrganisation: string;
}

/** The owner fields of the add and edit forms; choosing another country clears the unit. */
export function OwnerFields({ value, onChange, error }: { value: Owner; onChange: (owner: Owner) => void; error: (field: string) => string | undefined }) {
  const { t, i18n } = useTranslation();
  const countries = useCountryNames();
  const units = useUnits({ country: value.ownerCountry, limit: 200 }, !!value.ownerCountry);
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }}>
      <Select
        label={t('meetings.ownerCountry')}
        data={countries.memberOptions}
        value={value.ownerCountry}
        onChange={(v) => onChange({ ...value, ownerCountry: v, ownerUnitId: null })}
        clearable
        searchable
        error={error('ownerCountry')}
      />
      <Select
        label={t('meetings.ownerUnit')}
        data={(units.data?.data ?? []).filter((u) => u.active || u.id === value.ownerUnitId).map((u) => ({ value: u.id, label: `${u.code} — ${localName(i18n.language, u)}` }))}
        value={value.ownerUnitId}
        onChange={(v) => onChange({ ...value, ownerUnitId: v })}
        disabled={!value.ownerCountry}
        clearable
        searchable
        error={error('ownerUnitId')}
      />
      <TextInput label={t('meetings.ownerOrganisation')} value={value.ownerOrganisation} onChange={(e) => onChange({ ...value, ownerOrganisation: e.currentTarget.value })} maxLength={200} error={error('ownerOrganisation')} />
    </SimpleGrid>
  );
}

/** Corrects a recommendation: text, owner (country, unit, organisation), due date, status; sends only what changed. */
function EditForm({ rec, onDone }: { rec: Recommendation; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [text, setText] = useState(rec.text);
  const [owner, setOwner] = useState<Owner>({ ownerCountry: rec.ownerCountry, ownerUnitId: rec.ownerUnitId, ownerOrganisation: rec.ownerOrganisation ?? '' });
  const [dueDate, setDueDate] = useState(rec.dueDate ?? '');
  const [status, setStatus] = useState<RecommendationStatus>(rec.status);
  const save = useMutation({
    mutationFn: () => {
      const wanted: RecommendationPatch = { text: text.trim(), ...owner, ownerOrganisation: owner.ownerOrganisation.trim() || null, dueDate: dueDate || null, status };
      const patch = Object.fromEntries(Object.entries(wanted).filter(([k, v]) => (rec as unknown as Record<string, unknown>)[k] !== v));
      return Object.keys(patch).length ? meetingsApi.updateRecommendation(rec.id, patch) : Promise.resolve({ id: rec.id });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: operationsKeys.meetingsAll });
      onDone();
    },
  });
  const field = isApiError(save.error) ? save.error.field : null;
  const err = (f: string) => (field === f ? save.error?.message : undefined);
  return (
    <form
      aria-label={t('meetings.editRecommendationTitle', { number: rec.number })}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack gap="xs">
        <ErrorAlert error={field ? null : save.error} />
        <Textarea label={t('meetings.text')} value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={2} maxLength={5000} required error={err('text')} />
        <OwnerFields value={owner} onChange={setOwner} error={err} />
        <Group align="flex-end" justify="space-between">
          <Group align="flex-end" gap="sm">
            <TextInput type="date" label={t('meetings.due')} value={dueDate} onChange={(e) => setDueDate(e.currentTarget.value)} error={err('dueDate')} w={180} />
            <Select label={t('meetings.status')} data={statusOptions(t)} value={status} onChange={(v) => setStatus((v as RecommendationStatus) ?? rec.status)} allowDeselect={false} w={200} error={err('status')} />
          </Group>
          <Group gap="xs">
            <Button variant="default" onClick={onDone}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} disabled={text.trim().length < 3}>
              {t('common.save')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

/** One recommendation: number, text, owner, due date, follow-up state, notes; the note and correction forms for those who may. */
export function RecommendationCard({ rec, showMeeting = false }: { rec: Recommendation; showMeeting?: boolean }) {
  const { t, i18n } = useTranslation();
  const countries = useCountryNames();
  const [mode, setMode] = useState<'view' | 'note' | 'edit'>('view');
  const owner = [rec.ownerCountry ? countries.name(rec.ownerCountry) : null, rec.ownerUnitCode, rec.ownerOrganisation].filter(Boolean).join(' · ');
  return (
    <Paper withBorder p="sm" data-testid="recommendation" data-number={rec.number} data-status={rec.status}>
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Text fw={600} size="sm" dir="auto">
            {rec.number}. {rec.text}
          </Text>
          <Badge color={GROUP_COLORS[rec.group]} variant="light" style={{ flexShrink: 0 }}>
            {t(`meetings.groups.${rec.group}`)}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed" data-testid="recommendation-meta">
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
        {mode === 'note' && <NoteForm rec={rec} onDone={() => setMode('view')} />}
        {mode === 'edit' && <EditForm rec={rec} onDone={() => setMode('view')} />}
        {mode === 'view' && (rec.can.note || rec.can.edit) && (
          <Group gap="xs">
            {rec.can.note && (
              <Button size="xs" variant="light" onClick={() => setMode('note')}>
                {t('meetings.note.add')}
              </Button>
            )}
            {rec.can.edit && (
              <Button size="xs" variant="default" onClick={() => setMode('edit')} aria-label={t('meetings.editRecommendationTitle', { number: rec.number })}>
                {t('meetings.editRecommendation')}
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
