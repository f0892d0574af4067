import { ActionIcon, Alert, Button, Center, Checkbox, Grid, Group, Loader, NumberInput, Paper, Select, Stack, TagsInput, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../api/client.ts';
import { exchangeKeys, useWarningDraft, warningsApi } from '../api/exchange.ts';
import type { WarningDraft, WarningInput, WarningParty } from '../api/exchange.types.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { DistributionFields, type DistributionValue } from '../components/exchange/DistributionFields.tsx';
import { completeRecipients } from '../components/exchange/RecipientsPicker.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { partyRoleLabel, useCountryNames } from '../lib/labels.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

const PARTY_ROLES = ['consignor', 'consignee', 'notifyParty', 'freightForwarder'] as const;

interface Values {
  subject: string;
  containers: string[];
  documents: string[];
  vesselImo: string;
  voyage: string;
  parties: WarningParty[];
  route: string[];
  goods: string;
  reasons: string;
  requestedAction: string;
  deadline: string;
  expiresInDays: number | string;
  redactPersonal: boolean;
}

type FieldName = keyof Values | keyof DistributionValue | 'facts';
const FIELDS: FieldName[] = ['subject', 'containers', 'documents', 'vesselImo', 'voyage', 'parties', 'route', 'goods', 'reasons', 'requestedAction', 'deadline', 'expiresInDays', 'tlp', 'distribution', 'recipients', 'groupId', 'facts'];

const EMPTY: Values = { subject: '', containers: [], documents: [], vesselImo: '', voyage: '', parties: [], route: [], goods: '', reasons: '', requestedAction: '', deadline: '', expiresInDays: 60, redactPersonal: false };

function fromDraft(d: WarningDraft): Values {
  return {
    ...EMPTY,
    subject: d.subject,
    containers: d.facts.containers ?? [],
    documents: d.facts.documents ?? [],
    vesselImo: d.facts.vesselImo ?? '',
    voyage: d.facts.voyage ?? '',
    parties: d.facts.parties ?? [],
    route: d.facts.route ?? [],
    goods: d.facts.goods ?? '',
    reasons: d.reasons,
    requestedAction: d.requestedAction,
    deadline: d.deadline ?? '',
  };
}

/** "facts.containers.2" → "containers"; "recipients.0.unitId" → "recipients". */
function formField(apiField: string | null): FieldName | null {
  if (!apiField) return null;
  const parts = apiField.split('.');
  const name = (parts[0] === 'facts' && parts[1] ? parts[1] : parts[0]) as FieldName;
  return FIELDS.includes(name) ? name : null;
}

function PartiesEditor({ value, onChange, error }: { value: WarningParty[]; onChange: (v: WarningParty[]) => void; error?: React.ReactNode }) {
  const { t } = useTranslation();
  const countries = useCountryNames();
  const roleOptions = PARTY_ROLES.map((r) => ({ value: r, label: partyRoleLabel(t, r) }));
  return (
    <Stack gap="xs" role="group" aria-label={t('exchange.facts.parties')}>
      <Text size="sm" fw={500}>
        {t('exchange.facts.parties')}
      </Text>
      {value.map((p, i) => (
        <Group key={i} gap="xs" align="flex-end" wrap="wrap">
          <TextInput label={t('exchange.form.partyName', { n: i + 1 })} value={p.name} onChange={(e) => onChange(value.map((x, j) => (j === i ? { ...x, name: e.currentTarget.value } : x)))} w={280} />
          <Select label={t('exchange.form.partyRole', { n: i + 1 })} data={roleOptions} value={p.role ?? null} onChange={(v) => onChange(value.map((x, j) => (j === i ? { ...x, role: v ?? undefined } : x)))} clearable w={180} />
          <Select
            label={t('exchange.form.partyCountry', { n: i + 1 })}
            data={countries.countries.map((c) => ({ value: c.iso2, label: countries.name(c.iso2) }))}
            value={p.country ?? null}
            onChange={(v) => onChange(value.map((x, j) => (j === i ? { ...x, country: v ?? undefined } : x)))}
            searchable
            clearable
            w={200}
          />
          <ActionIcon variant="subtle" color="red" onClick={() => onChange(value.filter((_, j) => j !== i))} aria-label={t('exchange.form.removeParty', { n: i + 1 })} mb={4}>
            ×
          </ActionIcon>
        </Group>
      ))}
      <Group gap="xs">
        <Button variant="light" size="xs" onClick={() => onChange([...value, { name: '' }])}>
          {t('exchange.form.addParty')}
        </Button>
        {error && (
          <Text size="sm" c="red.8" role="alert">
            {error}
          </Text>
        )}
      </Group>
    </Stack>
  );
}

/**
 * New warning: by hand, or pre-filled from a consignment (/warnings/new?consignment=<id>, "refer to partner").
 * Field errors from the API are shown at their field.
 */
export function WarningFormPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('exchange.form.title'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const consignmentId = params.get('consignment');
  const draft = useWarningDraft(consignmentId);
  const [values, setValues] = useState<Values>(EMPTY);
  const [dist, setDist] = useState<DistributionValue>({ tlp: 'AMBER', distribution: 'named', recipients: [{ country: '', unitId: null }], groupId: null });
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const filled = useRef(false);

  useEffect(() => {
    if (!draft.data || filled.current) return;
    filled.current = true;
    setValues(fromDraft(draft.data));
    const d = draft.data;
    setDist((x) => ({ ...x, tlp: d.tlp, distribution: d.distribution, recipients: d.recipients.length ? d.recipients.map((r) => ({ country: r.country, unitId: r.unitId ?? null })) : x.recipients }));
  }, [draft.data]);

  const set = <K extends keyof Values>(k: K, v: Values[K]) => {
    setValues((x) => ({ ...x, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined, facts: undefined }));
  };

  const validate = (): boolean => {
    const e: Partial<Record<FieldName, string>> = {};
    if (values.subject.trim().length < 3) e.subject = t('validation.min3');
    if (values.reasons.trim().length < 3) e.reasons = t('validation.min3');
    if (values.requestedAction.trim().length < 3) e.requestedAction = t('validation.min3');
    if (values.vesselImo && !/^\d{7}$/.test(values.vesselImo)) e.vesselImo = t('exchange.form.imoInvalid');
    if (!values.containers.length && !values.documents.length && !values.vesselImo && !values.parties.some((p) => p.name.trim())) e.facts = t('exchange.form.factsRequired');
    if (dist.distribution === 'named' && completeRecipients(dist.recipients).length === 0) e.recipients = t('exchange.form.recipientsRequired');
    if (dist.distribution === 'group' && !dist.groupId) e.groupId = t('validation.required');
    setErrors(e);
    return Object.keys(e).length === 0;
  };

  const create = useMutation({
    mutationFn: () => {
      // Facts of the consignment are added by the server from consignmentId; its parties are not sent twice.
      const draftParties = draft.data?.facts.parties ?? [];
      const parties = values.parties
        .filter((p) => p.name.trim())
        .filter((p) => !(consignmentId && draft.data) || !draftParties.some((d) => d.name === p.name && d.role === p.role))
        .map((p) => ({ name: p.name.trim(), ...(p.role ? { role: p.role } : {}), ...(p.country ? { country: p.country } : {}) }));
      const input: WarningInput = {
        subject: values.subject.trim(),
        ...(consignmentId ? { consignmentId } : {}),
        facts: {
          containers: values.containers,
          documents: values.documents,
          ...(values.vesselImo ? { vesselImo: values.vesselImo } : {}),
          ...(values.voyage.trim() ? { voyage: values.voyage.trim() } : {}),
          parties,
          ...(values.route.length ? { route: values.route } : {}),
          ...(values.goods.trim() ? { goods: values.goods.trim() } : {}),
        },
        reasons: values.reasons.trim(),
        requestedAction: values.requestedAction.trim(),
        ...(values.deadline ? { deadline: values.deadline } : {}),
        tlp: dist.tlp,
        distribution: dist.distribution,
        ...(dist.distribution === 'named' ? { recipients: completeRecipients(dist.recipients) } : {}),
        ...(dist.distribution === 'group' && dist.groupId ? { groupId: dist.groupId } : {}),
        ...(values.redactPersonal ? { redactPersonal: true } : {}),
        ...(values.expiresInDays !== '' ? { expiresInDays: Number(values.expiresInDays) } : {}),
      };
      return warningsApi.create(input);
    },
    onSuccess: async (w) => {
      await queryClient.invalidateQueries({ queryKey: exchangeKeys.warningsAll });
      void navigate(`/warnings/${w.id}`);
    },
    onError: (e) => {
      const field = isApiError(e) ? formField(e.field) : null;
      if (field && isApiError(e)) setErrors((x) => ({ ...x, [field]: `${t('validation.invalid')}: ${e.message}` }));
    },
  });
  const fieldErrorShown = isApiError(create.error) && formField(create.error.field) !== null;

  const submit = (ev: React.FormEvent) => {
    ev.preventDefault();
    if (validate()) create.mutate();
  };

  return (
    <Stack gap="md">
      <PageHeader
        title={t('exchange.form.title')}
        intro={consignmentId ? t('exchange.form.fromConsignment') : t('exchange.form.intro')}
        actions={
          <Button component={Link} to="/warnings" variant="default" size="sm">
            {t('common.cancel')}
          </Button>
        }
      />
      {consignmentId && draft.isPending && (
        <Center p="md">
          <Loader size="sm" aria-label={t('common.loading')} />
        </Center>
      )}
      {consignmentId && draft.isError && (
        <Alert color="yellow" variant="light">
          {t('exchange.form.draftUnavailable')}
        </Alert>
      )}
      <form onSubmit={submit} noValidate aria-label={t('exchange.form.title')}>
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <Paper withBorder p="md">
              <Stack gap="sm">
                <TextInput label={t('exchange.form.subject')} required value={values.subject} onChange={(e) => set('subject', e.currentTarget.value)} error={errors.subject} maxLength={300} />
                <Title order={2} size="h4" mt="xs">
                  {t('exchange.warning.facts')}
                </Title>
                {errors.facts && (
                  <Text size="sm" c="red.8" role="alert">
                    {errors.facts}
                  </Text>
                )}
                <TagsInput label={t('exchange.facts.containers')} description={t('exchange.form.tagsHint')} value={values.containers} onChange={(v) => set('containers', v.map((x) => x.toUpperCase().replace(/[\s-]/g, '')))} error={errors.containers} splitChars={[',', ' ', ';']} />
                <TagsInput label={t('exchange.facts.documents')} description={t('exchange.form.tagsHint')} value={values.documents} onChange={(v) => set('documents', v)} error={errors.documents} splitChars={[',', ';']} />
                <Group gap="sm" align="flex-start" wrap="wrap">
                  <TextInput label={t('exchange.form.imo')} value={values.vesselImo} onChange={(e) => set('vesselImo', e.currentTarget.value.trim())} error={errors.vesselImo} w={180} inputMode="numeric" />
                  <TextInput label={t('exchange.form.voyage')} value={values.voyage} onChange={(e) => set('voyage', e.currentTarget.value)} error={errors.voyage} w={180} maxLength={20} />
                </Group>
                <TagsInput label={t('exchange.facts.route')} description={t('exchange.form.routeHint')} value={values.route} onChange={(v) => set('route', v.map((x) => x.toUpperCase()))} error={errors.route} splitChars={[',', ' ', ';']} />
                <PartiesEditor value={values.parties} onChange={(v) => set('parties', v)} error={errors.parties} />
                <Textarea label={t('exchange.facts.goods')} autosize minRows={2} value={values.goods} onChange={(e) => set('goods', e.currentTarget.value)} error={errors.goods} maxLength={1000} />
                <Textarea label={t('exchange.warning.reasons')} required autosize minRows={3} value={values.reasons} onChange={(e) => set('reasons', e.currentTarget.value)} error={errors.reasons} maxLength={5000} />
                <Textarea label={t('exchange.warning.requestedAction')} required autosize minRows={2} value={values.requestedAction} onChange={(e) => set('requestedAction', e.currentTarget.value)} error={errors.requestedAction} maxLength={2000} />
                <Group gap="sm" align="flex-start" wrap="wrap">
                  <TextInput type="date" label={t('exchange.warnings.deadline')} description={t('exchange.form.deadlineHint')} value={values.deadline} onChange={(e) => set('deadline', e.currentTarget.value)} error={errors.deadline} w={200} />
                  <NumberInput label={t('exchange.form.expiresInDays')} min={1} max={365} value={values.expiresInDays} onChange={(v) => set('expiresInDays', v)} error={errors.expiresInDays} w={200} />
                </Group>
              </Stack>
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <Paper withBorder p="md">
              <Stack gap="md">
                <DistributionFields
                  value={dist}
                  onChange={(v) => {
                    setDist(v);
                    setErrors((e) => ({ ...e, tlp: undefined, distribution: undefined, recipients: undefined, groupId: undefined }));
                  }}
                  errors={{ tlp: errors.tlp, distribution: errors.distribution, recipients: errors.recipients, groupId: errors.groupId }}
                />
                <Checkbox label={t('exchange.form.redactPersonal')} description={t('exchange.form.redactHint')} checked={values.redactPersonal} onChange={(e) => set('redactPersonal', e.currentTarget.checked)} />
                <Text size="sm" c="dimmed">
                  {t('exchange.form.approvalNote')}
                </Text>
                <ErrorAlert error={fieldErrorShown ? null : create.error} />
                <Group justify="flex-end">
                  <Button type="submit" loading={create.isPending}>
                    {t('exchange.form.submit')}
                  </Button>
                </Group>
              </Stack>
            </Paper>
          </Grid.Col>
        </Grid>
      </form>
    </Stack>
  );
}
