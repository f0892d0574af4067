import { ActionIcon, Button, Grid, Group, MultiSelect, NumberInput, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { api, isApiError } from '../api/client.ts';
import { seizuresApi } from '../api/endpoints.ts';
import { resultsKeys, useSeizure } from '../api/queries.ts';
import type { SeizureDetail, SeizureDistribution, SeizureForm, SeizureInput, SeizurePerson, Tlp } from '../api/types.ts';
import { useMe } from '../auth/session.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ConsignmentInspectionPicker } from '../components/results/ConsignmentInspectionPicker.tsx';
import { QualityPanel } from '../components/results/QualityPanel.tsx';
import { useCountryNames } from '../lib/labels.ts';
import { useTaxonomyLabels } from '../lib/taxonomy.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

const TLPS: Tlp[] = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'];
const DISTRIBUTIONS: SeizureDistribution[] = ['own_unit', 'own_country', 'named', 'network'];

interface ItemDraft {
  commodity: string | null;
  quantity: number | string;
  unit: string | null;
  description: string;
}

interface Draft {
  form: SeizureForm;
  seizureDate: string;
  placeLocode: string;
  transportMode: string | null;
  routeOrigin: string;
  routeTransit: string;
  routeDestination: string;
  concealment: string | null;
  detectionMethod: string | null;
  items: ItemDraft[];
  estimatedValue: number | string;
  currency: string;
  containerNumber: string;
  consignmentId: string | null;
  inspectionId: string | null;
  warningIds: string[];
  operationId: string | null;
  summary: string;
  persons: SeizurePerson[];
  tlp: Tlp;
  distribution: SeizureDistribution;
  namedCountries: string[];
}

const today = () => new Date().toISOString().slice(0, 10);

function emptyDraft(): Draft {
  return {
    form: 'minimal',
    seizureDate: today(),
    placeLocode: '',
    transportMode: null,
    routeOrigin: '',
    routeTransit: '',
    routeDestination: '',
    concealment: null,
    detectionMethod: null,
    items: [{ commodity: null, quantity: '', unit: null, description: '' }],
    estimatedValue: '',
    currency: '',
    containerNumber: '',
    consignmentId: null,
    inspectionId: null,
    warningIds: [],
    operationId: null,
    summary: '',
    persons: [],
    tlp: 'AMBER',
    distribution: 'own_country',
    namedCountries: [],
  };
}

function draftOf(d: SeizureDetail): Draft {
  const s = d.seizure;
  return {
    form: s.form,
    seizureDate: s.seizureDate,
    placeLocode: s.placeLocode ?? '',
    transportMode: s.transportMode,
    routeOrigin: s.routeOrigin ?? '',
    routeTransit: s.routeTransit.join(' '),
    routeDestination: s.routeDestination ?? '',
    concealment: s.concealment,
    detectionMethod: s.detectionMethod,
    items: d.items.map((i) => ({ commodity: i.commodity, quantity: i.quantity, unit: i.unit, description: i.description })),
    estimatedValue: s.estimatedValue ?? '',
    currency: s.currency ?? '',
    containerNumber: s.containerNumber ?? '',
    consignmentId: s.consignmentId,
    inspectionId: s.inspectionId,
    warningIds: d.warnings.flatMap((w) => (w.id ? [w.id] : [])),
    operationId: s.operationId,
    summary: s.summary,
    persons: d.persons.map(({ kind, name, role, country, identifier, birthDate }) => ({ kind, name, ...(role ? { role } : {}), ...(country ? { country } : {}), ...(identifier ? { identifier } : {}), ...(birthDate ? { birthDate } : {}) })),
    tlp: s.tlp,
    distribution: s.distribution === 'group' && !s.operationId ? 'own_country' : s.distribution,
    namedCountries: s.namedCountries,
  };
}

const blankToNull = (s: string) => (s.trim() ? s.trim() : null);

function inputOf(d: Draft): SeizureInput {
  return {
    form: d.form,
    seizureDate: d.seizureDate,
    placeLocode: blankToNull(d.placeLocode.toUpperCase()),
    transportMode: d.transportMode,
    routeOrigin: blankToNull(d.routeOrigin.toUpperCase()),
    routeTransit: d.routeTransit.toUpperCase().split(/[\s,]+/).filter(Boolean),
    routeDestination: blankToNull(d.routeDestination.toUpperCase()),
    concealment: d.concealment,
    detectionMethod: d.detectionMethod,
    items: d.items.filter((i) => i.commodity).map((i) => ({ commodity: i.commodity!, quantity: Number(i.quantity) || 0, unit: i.unit ?? '', ...(i.description.trim() ? { description: i.description.trim() } : {}) })),
    estimatedValue: d.form === 'full' && d.estimatedValue !== '' ? Number(d.estimatedValue) : null,
    currency: d.form === 'full' ? blankToNull(d.currency.toUpperCase()) : null,
    containerNumber: blankToNull(d.containerNumber),
    consignmentId: d.consignmentId,
    inspectionId: d.inspectionId,
    warningIds: d.warningIds,
    operationId: d.operationId,
    summary: d.form === 'full' ? d.summary : '',
    persons: d.form === 'full' ? d.persons.filter((p) => p.name.trim().length >= 2) : [],
    tlp: d.tlp,
    distribution: d.distribution === 'group' && !d.operationId ? 'own_country' : d.distribution,
    namedCountries: d.distribution === 'named' ? d.namedCountries : [],
  };
}

/** Warnings the user may link (received or sent), newest first. */
function useLinkableWarnings() {
  return useQuery({
    queryKey: ['warnings', 'for-seizure'],
    queryFn: async ({ signal }) => (await api.get<{ data: { id: string; subject: string; senderCountry: string }[] }>('/warnings', { box: 'all', limit: 200 }, signal)).data,
  });
}

/** Operations the user takes part in (a seizure made during one counts in its after-action report). */
function useMyOperations() {
  return useQuery({
    queryKey: ['operations', 'for-seizure'],
    queryFn: async ({ signal }) => (await api.get<{ data: { id: string; code: string | null; name: string; state: string }[] }>('/operations', { limit: 100 }, signal)).data,
  });
}

/** Results → record or change a seizure: minimal or full form, items, links, sharing; live data-quality score. */
export function SeizureFormPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const countries = useCountryNames();
  const tax = useTaxonomyLabels();
  const existing = useSeizure(id);
  const warnings = useLinkableWarnings();
  const operations = useMyOperations();
  const [params] = useSearchParams();
  // Opened from a consignment (?consignment=&inspection=): the links are filled in.
  const [draft, setDraft] = useState<Draft>(() => ({ ...emptyDraft(), consignmentId: params.get('consignment'), inspectionId: params.get('consignment') ? params.get('inspection') : null }));
  const [loadedFor, setLoadedFor] = useState<string | null>(null);
  useDocumentTitle(id ? t('results.form.titleEdit', { reference: existing.data?.seizure.reference ?? '' }) : t('results.form.titleNew'));

  useEffect(() => {
    if (id && existing.data && loadedFor !== id) {
      setDraft(draftOf(existing.data));
      setLoadedFor(id);
    }
  }, [id, existing.data, loadedFor]);

  const [debounced] = useDebouncedValue(draft, 300);
  const quality = useQuery({ queryKey: ['seizure-quality', inputOf(debounced)], queryFn: () => seizuresApi.quality(inputOf(debounced)), placeholderData: (prev) => prev });

  const save = useMutation({
    mutationFn: (input: SeizureInput) => (id ? seizuresApi.update(id, input) : seizuresApi.create(input)),
    onSuccess: (row) => {
      void qc.invalidateQueries({ queryKey: resultsKeys.seizuresAll });
      void qc.invalidateQueries({ queryKey: ['statistics'] });
      notifications.show({ color: 'teal', message: t('results.form.saved', { reference: row.reference }) });
      void navigate(`/seizures/${row.id}`);
    },
  });
  const errorField = isApiError(save.error) ? save.error.field : null;
  const err = (field: string) => (errorField === field || errorField?.startsWith(`${field}.`) ? save.error?.message : undefined);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const setItem = (n: number, change: Partial<ItemDraft>) => setDraft((d) => ({ ...d, items: d.items.map((i, k) => (k === n ? { ...i, ...change } : i)) }));
  const setPerson = (n: number, change: Partial<SeizurePerson>) => setDraft((d) => ({ ...d, persons: d.persons.map((p, k) => (k === n ? { ...p, ...change } : p)) }));
  const unitsFor = (commodity: string | null) => {
    const c = tax.taxonomy?.commodities.find((x) => x.code === commodity);
    return (c?.units ?? []).map((u) => ({ value: u, label: tax.label('units', u) }));
  };
  const full = draft.form === 'full';

  return (
    <Stack gap="md">
      <PageHeader title={id ? t('results.form.titleEdit', { reference: existing.data?.seizure.reference ?? '' }) : t('results.form.titleNew')} intro={me.unit ? `${me.unit.code}` : undefined} />
      <ErrorAlert error={existing.error} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <form
            aria-label={t('results.form.titleNew')}
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate(inputOf(draft));
            }}
          >
            <Stack gap="md">
              <Paper withBorder p="md">
                <Stack gap="sm">
                  <Text fw={600} size="sm" id="form-kind">
                    {t('results.form.form')}
                  </Text>
                  <SegmentedControl
                    aria-labelledby="form-kind"
                    value={draft.form}
                    onChange={(v) => set('form', v as SeizureForm)}
                    data={[
                      { value: 'minimal', label: t('results.forms.minimal') },
                      { value: 'full', label: t('results.forms.full') },
                    ]}
                  />
                </Stack>
              </Paper>

              <Paper withBorder p="md">
                <Title order={2} size="h4" mb="sm">
                  {t('results.form.when')}
                </Title>
                <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                  <TextInput type="date" required label={t('results.form.seizureDate')} value={draft.seizureDate} onChange={(e) => set('seizureDate', e.currentTarget.value)} error={err('seizureDate')} />
                  <TextInput label={t('results.form.place')} placeholder="KZAAU" value={draft.placeLocode} onChange={(e) => set('placeLocode', e.currentTarget.value)} error={err('placeLocode')} className="mono" maxLength={5} />
                  <Select label={t('results.form.transportMode')} data={tax.options('transport')} value={draft.transportMode} onChange={(v) => set('transportMode', v)} clearable error={err('transportMode')} />
                  <TextInput label={t('results.form.routeOrigin')} placeholder="AF" value={draft.routeOrigin} onChange={(e) => set('routeOrigin', e.currentTarget.value)} error={err('routeOrigin')} maxLength={5} />
                  <TextInput label={t('results.form.routeTransit')} placeholder="PKKHI GEPTI" value={draft.routeTransit} onChange={(e) => set('routeTransit', e.currentTarget.value)} error={err('routeTransit')} />
                  <TextInput label={t('results.form.routeDestination')} placeholder="KZ" value={draft.routeDestination} onChange={(e) => set('routeDestination', e.currentTarget.value)} error={err('routeDestination')} maxLength={5} />
                </SimpleGrid>
              </Paper>

              <Paper withBorder p="md">
                <Title order={2} size="h4" mb="sm">
                  {t('results.form.how')}
                </Title>
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                  <Select label={t('results.form.detectionMethod')} data={tax.options('detection')} value={draft.detectionMethod} onChange={(v) => set('detectionMethod', v)} clearable error={err('detectionMethod')} />
                  <Select label={t('results.form.concealment')} data={tax.options('concealment')} value={draft.concealment} onChange={(v) => set('concealment', v)} clearable error={err('concealment')} />
                </SimpleGrid>
              </Paper>

              <Paper withBorder p="md">
                <Title order={2} size="h4" mb="sm">
                  {t('results.form.what')}
                </Title>
                <Stack gap="xs">
                  {draft.items.map((item, n) => (
                    <Group key={n} align="flex-end" gap="xs" wrap="wrap" data-testid={`item-${n}`}>
                      <Select
                        style={{ flex: 2, minWidth: 180 }}
                        label={t('results.form.commodity')}
                        data={tax.options('commodities')}
                        value={item.commodity}
                        searchable
                        onChange={(v) => setItem(n, { commodity: v, unit: unitsFor(v)[0]?.value ?? null })}
                        error={err(`items.${n}.commodity`)}
                      />
                      <NumberInput style={{ flex: 1, minWidth: 100 }} label={t('results.form.quantity')} min={0} decimalScale={3} value={item.quantity} onChange={(v) => setItem(n, { quantity: v })} error={err(`items.${n}.quantity`)} />
                      <Select style={{ flex: 1, minWidth: 110 }} label={t('results.form.unit')} data={unitsFor(item.commodity)} value={item.unit} onChange={(v) => setItem(n, { unit: v })} error={err(`items.${n}.unit`)} />
                      <TextInput style={{ flex: 2, minWidth: 160 }} label={t('results.form.description')} value={item.description} onChange={(e) => setItem(n, { description: e.currentTarget.value })} />
                      {draft.items.length > 1 && (
                        <ActionIcon variant="subtle" color="red" size="lg" aria-label={t('results.form.removeItem', { n: n + 1 })} onClick={() => set('items', draft.items.filter((_, k) => k !== n))}>
                          ×
                        </ActionIcon>
                      )}
                    </Group>
                  ))}
                  <Group>
                    <Button variant="light" size="xs" onClick={() => set('items', [...draft.items, { commodity: null, quantity: '', unit: null, description: '' }])}>
                      {t('results.form.addItem')}
                    </Button>
                  </Group>
                  {full && (
                    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                      <NumberInput label={t('results.form.value')} min={0} value={draft.estimatedValue} onChange={(v) => set('estimatedValue', v)} error={err('estimatedValue')} thousandSeparator=" " />
                      <TextInput label={t('results.form.currency')} placeholder="USD" maxLength={3} value={draft.currency} onChange={(e) => set('currency', e.currentTarget.value)} error={err('currency')} />
                    </SimpleGrid>
                  )}
                </Stack>
              </Paper>

              <Paper withBorder p="md">
                <Title order={2} size="h4" mb="sm">
                  {t('results.form.links')}
                </Title>
                <Stack gap="sm">
                  <ConsignmentInspectionPicker
                    value={{ consignmentId: draft.consignmentId, inspectionId: draft.inspectionId }}
                    onChange={(link) => setDraft((d) => ({ ...d, ...link }))}
                    errors={{ consignmentId: err('consignmentId'), inspectionId: err('inspectionId') }}
                  />
                  <MultiSelect
                    label={t('results.form.warnings')}
                    description={t('results.form.warningsHelp')}
                    data={(warnings.data ?? []).map((w) => ({ value: w.id, label: `${w.senderCountry} · ${w.subject}` }))}
                    value={draft.warningIds}
                    onChange={(v) => set('warningIds', v)}
                    searchable
                    clearable
                    error={err('warningIds')}
                    data-testid="warning-select"
                  />
                  <Select
                    label={t('results.form.operation')}
                    data={(operations.data ?? []).filter((o) => o.code).map((o) => ({ value: o.id, label: `${o.code} — ${o.name}` }))}
                    value={draft.operationId}
                    onChange={(v) => setDraft((d) => ({ ...d, operationId: v, distribution: !v && d.distribution === 'group' ? 'own_country' : d.distribution }))}
                    clearable
                    searchable
                    error={err('operationId')}
                  />
                  <TextInput label={t('results.form.containerNumber')} placeholder="MSKU7654328" value={draft.containerNumber} onChange={(e) => set('containerNumber', e.currentTarget.value)} error={err('containerNumber')} maxLength={15} />
                  {full && <Textarea label={t('results.form.summary')} autosize minRows={2} value={draft.summary} onChange={(e) => set('summary', e.currentTarget.value)} error={err('summary')} />}
                </Stack>
              </Paper>

              {full && (
                <Paper withBorder p="md">
                  <Title order={2} size="h4" mb={4}>
                    {t('results.form.persons')}
                  </Title>
                  <Text size="xs" c="dimmed" mb="sm">
                    {t('results.form.personsHelp')}
                  </Text>
                  <Stack gap="xs">
                    {draft.persons.map((p, n) => (
                      <Group key={n} align="flex-end" gap="xs" wrap="wrap">
                        <Select
                          style={{ width: 130 }}
                          label={t('results.form.kind')}
                          data={[
                            { value: 'person', label: t('results.form.person') },
                            { value: 'company', label: t('results.form.company') },
                          ]}
                          value={p.kind}
                          onChange={(v) => setPerson(n, { kind: (v ?? 'person') as SeizurePerson['kind'] })}
                          allowDeselect={false}
                        />
                        <TextInput style={{ flex: 2, minWidth: 180 }} label={t('results.form.name')} value={p.name} onChange={(e) => setPerson(n, { name: e.currentTarget.value })} error={err(`persons.${n}`)} />
                        <TextInput style={{ flex: 1, minWidth: 120 }} label={t('results.form.role')} value={p.role ?? ''} onChange={(e) => setPerson(n, { role: e.currentTarget.value || undefined })} />
                        <Select style={{ width: 160 }} label={t('results.seizures.country')} data={countries.countries.map((c) => ({ value: c.iso2, label: countries.name(c.iso2) }))} value={p.country ?? null} onChange={(v) => setPerson(n, { country: v ?? undefined })} searchable clearable />
                        <ActionIcon variant="subtle" color="red" size="lg" aria-label={t('results.form.removePerson', { name: p.name })} onClick={() => set('persons', draft.persons.filter((_, k) => k !== n))}>
                          ×
                        </ActionIcon>
                      </Group>
                    ))}
                    <Group>
                      <Button variant="light" size="xs" onClick={() => set('persons', [...draft.persons, { kind: 'person', name: '' }])}>
                        {t('results.form.addPerson')}
                      </Button>
                    </Group>
                  </Stack>
                </Paper>
              )}

              <Paper withBorder p="md">
                <Title order={2} size="h4" mb="sm">
                  {t('results.form.sharing')}
                </Title>
                <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                  <Select label={t('results.tlp')} data={TLPS.map((x) => ({ value: x, label: `TLP:${x}` }))} value={draft.tlp} onChange={(v) => set('tlp', (v ?? 'AMBER') as Tlp)} allowDeselect={false} error={err('tlp')} />
                  <Select
                    label={t('results.distribution')}
                    data={[...DISTRIBUTIONS, ...(draft.operationId ? (['group'] as const) : [])].map((x) => ({ value: x, label: x === 'group' ? t('results.form.operationGroup') : t(`results.distributions.${x}`) }))}
                    value={draft.distribution}
                    onChange={(v) => set('distribution', (v ?? 'own_country') as SeizureDistribution)}
                    allowDeselect={false}
                    error={err('distribution')}
                  />
                  {draft.distribution === 'named' && (
                    <MultiSelect label={t('results.form.namedCountries')} data={countries.memberOptions} value={draft.namedCountries} onChange={(v) => set('namedCountries', v)} searchable error={err('namedCountries')} />
                  )}
                </SimpleGrid>
              </Paper>

              <ErrorAlert error={save.error} />
              <Group>
                <Button type="submit" loading={save.isPending}>
                  {t('results.form.save')}
                </Button>
                <Button variant="default" onClick={() => void navigate(id ? `/seizures/${id}` : '/seizures')}>
                  {t('results.form.cancel')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <div style={{ position: 'sticky', top: 72 }}>
            <QualityPanel quality={quality.data} />
          </div>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
