import { Alert, Button, Group, Paper, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../api/client.ts';
import { exchangeKeys, requestsApi } from '../api/exchange.ts';
import { HINT_KINDS, TLP_LEVELS, type RequestInput, type Tlp } from '../api/exchange.types.ts';
import { useUnits } from '../api/queries.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { hintKindLabel, tlpKey } from '../lib/exchange-labels.ts';
import { localName, useCountryNames } from '../lib/labels.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

const FIELDS = ['recipientCountry', 'recipientUnitId', 'subject', 'body', 'tlp', 'deadline', 'warningId', 'consignmentId', 'hint'] as const;
type Field = (typeof FIELDS)[number];

/**
 * New request for information. Opened by hand, from a warning (?warning=&country=) or from a correlation hint
 * (?hintKind=&hintValue=&country=&consignment=|warning=): the owner is asked without the caller learning more.
 */
export function RequestFormPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('exchange.requestForm.title'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const countries = useCountryNames();
  const hintKind = HINT_KINDS.find((k) => k === params.get('hintKind')) ?? null;
  const hintValue = params.get('hintValue');
  const warningId = params.get('warning');
  const consignmentId = params.get('consignment');
  const [country, setCountry] = useState<string | null>(params.get('country'));
  const [unitId, setUnitId] = useState<string | null>(null);
  const [subject, setSubject] = useState(hintKind ? t('exchange.correlations.hint', { country: countries.name(params.get('country')), kind: hintKindLabel(t, hintKind) }).slice(0, 300) : '');
  const [body, setBody] = useState('');
  const [tlp, setTlp] = useState<Tlp>('AMBER');
  const [deadline, setDeadline] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const units = useUnits({ country, limit: 200 }, !!country);

  const create = useMutation({
    mutationFn: () => {
      const input: RequestInput = {
        recipientCountry: country ?? '',
        ...(unitId ? { recipientUnitId: unitId } : {}),
        subject: subject.trim(),
        body: body.trim(),
        tlp,
        ...(warningId ? { warningId } : {}),
        ...(consignmentId ? { consignmentId } : {}),
        ...(hintKind && hintValue ? { hint: { kind: hintKind, value: hintValue } } : {}),
        ...(deadline ? { deadline } : {}),
      };
      return requestsApi.create(input);
    },
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: exchangeKeys.requestsAll });
      void navigate(`/requests/${r.id}`);
    },
    onError: (e) => {
      if (!isApiError(e) || !e.field) return;
      const f = FIELDS.find((x) => e.field === x || e.field!.startsWith(`${x}.`));
      if (f) setErrors((x) => ({ ...x, [f]: `${t('validation.invalid')}: ${e.message}` }));
    },
  });
  const fieldErrorShown = isApiError(create.error) && FIELDS.some((x) => create.error && isApiError(create.error) && (create.error.field === x || create.error.field?.startsWith(`${x}.`)));

  const submit = (ev: React.FormEvent) => {
    ev.preventDefault();
    const e: Partial<Record<Field, string>> = {};
    if (!country) e.recipientCountry = t('validation.countryRequired');
    if (subject.trim().length < 3) e.subject = t('validation.min3');
    if (body.trim().length < 3) e.body = t('validation.min3');
    setErrors(e);
    if (Object.keys(e).length === 0) create.mutate();
  };

  return (
    <Stack gap="md">
      <PageHeader
        title={t('exchange.requestForm.title')}
        intro={t('exchange.requestForm.intro')}
        actions={
          <Button component={Link} to="/requests" variant="default" size="sm">
            {t('common.cancel')}
          </Button>
        }
      />
      {hintKind && (
        <Alert color="grape" variant="light" data-testid="request-hint">
          {t('exchange.requestForm.fromHint')}
          {hintValue && (
            <Text size="sm" mt={4}>
              {hintKindLabel(t, hintKind)}: <span className="mono">{hintValue}</span>
            </Text>
          )}
        </Alert>
      )}
      <Paper withBorder p="md" maw={860}>
        <form onSubmit={submit} noValidate aria-label={t('exchange.requestForm.title')}>
          <Stack gap="sm">
            <Group gap="sm" align="flex-start" wrap="wrap">
              <Select
                label={t('exchange.requestForm.country')}
                data={countries.memberOptions}
                value={country}
                onChange={(v) => {
                  setCountry(v);
                  setUnitId(null);
                }}
                error={errors.recipientCountry}
                searchable
                required
                w={260}
              />
              <Select
                label={t('exchange.requestForm.unit')}
                data={(units.data?.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: `${u.code} — ${localName(i18n.language, u)}` }))}
                value={unitId}
                onChange={setUnitId}
                placeholder={t('exchange.recipients.allUnits')}
                error={errors.recipientUnitId}
                disabled={!country}
                clearable
                searchable
                w={360}
              />
            </Group>
            <TextInput label={t('exchange.requests.subject')} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} error={errors.subject} required maxLength={300} />
            <Textarea label={t('exchange.requests.body')} value={body} onChange={(e) => setBody(e.currentTarget.value)} error={errors.body} required autosize minRows={4} maxLength={10000} />
            <Group gap="sm" align="flex-start" wrap="wrap">
              <Select
                label={t('exchange.form.tlp')}
                data={TLP_LEVELS.map((l) => ({ value: l, label: `TLP:${l}` }))}
                value={tlp}
                onChange={(v) => v && setTlp(v as Tlp)}
                allowDeselect={false}
                error={errors.tlp}
                description={t(`exchange.tlp.rule.${tlpKey(tlp)}`)}
                w={360}
              />
              <TextInput type="date" label={t('exchange.requests.deadline')} value={deadline} onChange={(e) => setDeadline(e.currentTarget.value)} error={errors.deadline} w={200} />
            </Group>
            <ErrorAlert error={fieldErrorShown ? null : create.error} />
            <Group justify="flex-end">
              <Button type="submit" loading={create.isPending}>
                {t('exchange.requestForm.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
