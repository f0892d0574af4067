import { Button, Group, MultiSelect, Paper, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError } from '../api/client.ts';
import { useProfiles, useSeizureTaxonomy, useUnits } from '../api/queries.ts';
import { operationsApi, operationsKeys } from '../api/results-operations.ts';
import { useMe } from '../auth/session.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { localName, useCountryNames } from '../lib/labels.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** Participants are countries (every unit) or single units: `KZ` or `KZ/<unit id>`. */
function parseParticipant(v: string): { country: string; unitId?: string } {
  const [country, unitId] = v.split('/');
  return unitId ? { country: country!, unitId } : { country: country! };
}

export function OperationFormPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const countries = useCountryNames();
  useDocumentTitle(t('operations.new'));
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [startsOn, setStartsOn] = useState(day(1));
  const [endsOn, setEndsOn] = useState(day(15));
  const [coordinatingUnitId, setCoordinatingUnitId] = useState<string | null>(null);
  const [participants, setParticipants] = useState<string[]>([]);
  const [commodities, setCommodities] = useState<string[]>([]);
  const [profileIds, setProfileIds] = useState<string[]>([]);
  const allUnits = useUnits({ limit: 200 });
  const taxonomy = useSeizureTaxonomy();
  const profiles = useProfiles();
  const units = (allUnits.data?.data ?? []).filter((u) => u.active);
  const ownUnits = units.filter((u) => u.country === me.country);
  const participantOptions = countries.memberOptions.map((c) => ({
    group: c.label,
    items: [{ value: c.value, label: t('operations.form.wholeCountry', { country: c.label }) }, ...units.filter((u) => u.country === c.value).map((u) => ({ value: `${u.country}/${u.id}`, label: `${u.code} — ${localName(i18n.language, u)}` }))],
  }));
  const create = useMutation({
    mutationFn: () =>
      operationsApi.create({
        code: code.trim().toUpperCase(),
        name: name.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        startsOn,
        endsOn,
        ...(me.role === 'national_coordinator' && coordinatingUnitId ? { coordinatingUnitId } : {}),
        participants: participants.map(parseParticipant),
        targetCommodities: commodities,
        profileIds,
      }),
    onSuccess: async (op) => {
      await queryClient.invalidateQueries({ queryKey: operationsKeys.operationsAll });
      void navigate(`/operations/${op.id}`);
    },
  });
  const field = isApiError(create.error) ? create.error.field : null;
  const err = (f: string) => (field?.startsWith(f) ? create.error?.message : undefined);
  return (
    <Stack gap="md" maw={900}>
      <PageHeader title={t('operations.new')} intro={t('operations.form.intro')} />
      <Paper withBorder p="md">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <Stack gap="sm">
            <ErrorAlert error={create.error} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('operations.form.code')} description={t('operations.form.codeHint')} value={code} onChange={(e) => setCode(e.currentTarget.value.toUpperCase())} required maxLength={40} error={err('code')} className="mono" />
              <TextInput label={t('operations.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={200} error={err('name')} />
              <TextInput type="date" label={t('operations.form.startsOn')} value={startsOn} onChange={(e) => setStartsOn(e.currentTarget.value)} required error={err('startsOn')} />
              <TextInput type="date" label={t('operations.form.endsOn')} value={endsOn} onChange={(e) => setEndsOn(e.currentTarget.value)} required error={err('endsOn')} />
            </SimpleGrid>
            <Textarea label={t('operations.form.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={2} maxLength={5000} />
            {me.role === 'national_coordinator' ? (
              <Select
                label={t('operations.coordinating')}
                data={ownUnits.map((u) => ({ value: u.id, label: `${u.code} — ${localName(i18n.language, u)}` }))}
                value={coordinatingUnitId}
                onChange={setCoordinatingUnitId}
                required
                error={err('coordinatingUnitId')}
              />
            ) : (
              <Text size="sm">
                {t('operations.coordinating')}: <span className="mono">{me.unit?.code}</span>
              </Text>
            )}
            <MultiSelect label={t('operations.form.participants')} description={t('operations.form.participantsHint')} data={participantOptions} value={participants} onChange={setParticipants} searchable required error={err('participants')} />
            <MultiSelect
              label={t('operations.targetCommodities')}
              data={(taxonomy.data?.commodities ?? []).map((c) => ({ value: c.code, label: i18n.language === 'ru' ? c.label.ru : c.label.en }))}
              value={commodities}
              onChange={setCommodities}
              searchable
              error={err('targetCommodities')}
            />
            <MultiSelect label={t('operations.profiles')} data={(profiles.data ?? []).map((p) => ({ value: p.id, label: p.name }))} value={profileIds} onChange={setProfileIds} searchable error={err('profileIds')} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => void navigate('/operations')}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={create.isPending} disabled={!code.trim() || !name.trim() || !participants.length}>
                {t('common.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
