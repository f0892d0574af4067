import { ActionIcon, Button, Checkbox, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { MEETING_KINDS, meetingsApi, operationsKeys, type MeetingDetail, type MeetingInput, type MeetingKind } from '../../api/results-operations.ts';
import { countryName, useCountryNames } from '../../lib/labels.ts';
import { ErrorAlert } from '../ErrorAlert.tsx';

interface ParticipantDraft {
  country: string | null;
  agency: string;
  count: number | string;
}

/** JSON with sorted object keys: the server's jsonb does not keep the key order the form sends. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));

const toDraft = (p: MeetingDetail['participants'][number]): ParticipantDraft => ({ country: p.country, agency: p.agency ?? '', count: p.count ?? '' });

/** Participants by country, with the agency and head count when known; rows without a country are left out. */
function participantsOf(rows: ParticipantDraft[]): NonNullable<MeetingInput['participants']> {
  return rows
    .filter((p) => p.country)
    .map((p) => ({ country: p.country!, ...(p.agency.trim() ? { agency: p.agency.trim() } : {}), ...(p.count !== '' && Number(p.count) > 0 ? { count: Number(p.count) } : {}) }));
}

/** One row per participating country: country, agency, number of people; rows are added and removed. */
function ParticipantsEditor({ value, onChange, error }: { value: ParticipantDraft[]; onChange: (v: ParticipantDraft[]) => void; error?: string }) {
  const { t, i18n } = useTranslation();
  const countries = useCountryNames();
  const options = useMemo(() => countries.countries.map((c) => ({ value: c.iso2, label: countryName(i18n.language, c) })), [countries.countries, i18n.language]);
  const set = (n: number, patch: Partial<ParticipantDraft>) => onChange(value.map((p, k) => (k === n ? { ...p, ...patch } : p)));
  return (
    <Stack gap={6} data-testid="meeting-participants">
      <Text size="sm" fw={500}>
        {t('meetings.participants')}
      </Text>
      {value.length === 0 && (
        <Text size="xs" c="dimmed">
          {t('meetings.noParticipants')}
        </Text>
      )}
      {value.map((p, n) => (
        <Group key={n} gap="xs" align="flex-end" wrap="wrap" data-testid={`participant-${n}`}>
          <Select
            label={t('meetings.participantCountry', { n: n + 1 })}
            data={options}
            value={p.country}
            onChange={(v) => set(n, { country: v })}
            searchable
            style={{ flex: 2, minWidth: 160 }}
            error={n === 0 ? error : undefined}
          />
          <TextInput label={t('meetings.participantAgency', { n: n + 1 })} value={p.agency} onChange={(e) => set(n, { agency: e.currentTarget.value })} maxLength={200} style={{ flex: 2, minWidth: 160 }} />
          <NumberInput label={t('meetings.participantCount', { n: n + 1 })} value={p.count} onChange={(v) => set(n, { count: v })} min={1} max={1000} allowDecimal={false} w={100} />
          <ActionIcon variant="subtle" color="red" size="lg" mb={2} aria-label={t('meetings.removeParticipant', { n: n + 1 })} onClick={() => onChange(value.filter((_, k) => k !== n))}>
            ×
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button size="xs" variant="light" onClick={() => onChange([...value, { country: null, agency: '', count: '' }])}>
          {t('meetings.addParticipant')}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * Records a new meeting, or corrects a recorded one (`meeting` given): title, type, dates, place or online,
 * participants by country and agency, summary. A correction sends only what changed.
 */
export function MeetingFormModal({ meeting, onClose, onSaved }: { meeting?: MeetingDetail; onClose: () => void; onSaved: (id: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(meeting?.title ?? '');
  const [kind, setKind] = useState<MeetingKind>(meeting?.kind ?? 'expert_meeting');
  const [startsOn, setStartsOn] = useState(meeting?.startsOn ?? '');
  const [endsOn, setEndsOn] = useState(meeting?.endsOn ?? '');
  const [place, setPlace] = useState(meeting?.place ?? '');
  const [online, setOnline] = useState(meeting?.online ?? false);
  const [participants, setParticipants] = useState<ParticipantDraft[]>(meeting ? meeting.participants.map(toDraft) : [{ country: null, agency: '', count: '' }]);
  const [summary, setSummary] = useState(meeting?.summary ?? '');
  const save = useMutation({
    mutationFn: async () => {
      const input: MeetingInput = {
        title: title.trim(),
        kind,
        startsOn,
        endsOn: endsOn || startsOn,
        ...(place.trim() ? { place: place.trim() } : {}),
        online,
        participants: participantsOf(participants),
        ...(summary.trim() || meeting ? { summary: summary.trim() } : {}),
      };
      if (!meeting) return meetingsApi.create(input);
      const patch: Record<string, unknown> = {};
      const before: Record<string, unknown> = { ...meeting, place: meeting.place ?? null };
      for (const [k, v] of Object.entries({ ...input, place: input.place ?? null })) {
        if (canonical(before[k]) !== canonical(v)) patch[k] = v;
      }
      if (Object.keys(patch).length === 0) return { id: meeting.id };
      return meetingsApi.update(meeting.id, patch);
    },
    onSuccess: async (m) => {
      await queryClient.invalidateQueries({ queryKey: operationsKeys.meetingsAll });
      onSaved(m.id);
    },
  });
  const field = isApiError(save.error) ? save.error.field : null;
  const err = (f: string) => (field?.startsWith(f) ? save.error?.message : undefined);
  return (
    <Modal opened onClose={onClose} title={meeting ? t('meetings.editTitle') : t('meetings.new')} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="sm">
          <ErrorAlert error={save.error} />
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
          <ParticipantsEditor value={participants} onChange={setParticipants} error={err('participants')} />
          <Textarea label={t('meetings.summary')} value={summary} onChange={(e) => setSummary(e.currentTarget.value)} autosize minRows={3} maxLength={20000} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!title.trim() || !startsOn}>
              {meeting ? t('common.save') : t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
