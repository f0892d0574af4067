import { Select, SimpleGrid } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { cargoApi, targetingApi } from '../../api/endpoints.ts';
import type { Inspection } from '../../api/types.ts';
import { formatDate } from '../../lib/format.ts';
import { documentTypeLabel } from '../../lib/labels.ts';

export interface ConsignmentLink {
  consignmentId: string | null;
  inspectionId: string | null;
}

interface ConsignmentOption {
  value: string;
  label: string;
}

const MIN_SEARCH = 3;

/** "B/L MAEU91509043 · MSC Anna · 2 May 2026": what an officer recognises a consignment by. */
function consignmentLabel(t: TFunction, c: { documentType: string; documentNumber: string; vesselName: string | null; flightNumber: string | null; estimatedArrivalDate: string | null }, lang: string): string {
  const means = c.vesselName ?? c.flightNumber;
  return [`${documentTypeLabel(t, c.documentType)} ${c.documentNumber}`, means, c.estimatedArrivalDate ? formatDate(c.estimatedArrivalDate, lang) : null].filter(Boolean).join(' · ');
}

export function inspectionLabel(t: (key: string) => string, i: Pick<Inspection, 'inspectedAt' | 'method' | 'outcome'>, lang: string): string {
  return `${formatDate(i.inspectedAt, lang)} · ${t(`inspectionMethods.${i.method}`)} · ${t(`inspectionOutcomes.${i.outcome}`)}`;
}

/**
 * Links a seizure to one of the caller's country's consignments (searched by container or B/L/AWB number)
 * and then to one of that consignment's inspection results, chosen from the list instead of typed as an id.
 */
export function ConsignmentInspectionPicker({ value, onChange, errors }: { value: ConsignmentLink; onChange: (v: ConsignmentLink) => void; errors: { consignmentId?: string; inspectionId?: string } }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const tt = t as unknown as (key: string) => string;
  const [search, setSearch] = useState('');
  // The option last picked from the search results, so its label stays while the search text shows it.
  const [picked, setPicked] = useState<ConsignmentOption | null>(null);
  const [debounced] = useDebouncedValue(search.trim(), 300);

  // The chosen consignment's own label (an edited seizure arrives with an id only).
  const chosen = useQuery({
    queryKey: ['consignments', 'one', value.consignmentId],
    queryFn: ({ signal }) => cargoApi.consignment(value.consignmentId!, signal),
    enabled: !!value.consignmentId && picked?.value !== value.consignmentId,
  });
  const chosenOption: ConsignmentOption | null =
    picked && picked.value === value.consignmentId ? picked : value.consignmentId && chosen.data ? { value: value.consignmentId, label: consignmentLabel(t, chosen.data.consignment, lang) } : null;

  const searching = debounced.length >= MIN_SEARCH && debounced !== chosenOption?.label;
  const found = useQuery({
    queryKey: ['consignments', 'pick', debounced],
    queryFn: async ({ signal }) => {
      // A container number or a transport document number: ask both ways, newest first, without duplicates.
      const [byContainer, byDocument] = await Promise.all([cargoApi.consignments({ container: debounced, limit: 10 }, signal), cargoApi.consignments({ document: debounced, limit: 10 }, signal)]);
      const seen = new Set<string>();
      return [...byContainer.data, ...byDocument.data].filter((c) => !seen.has(c.id) && seen.add(c.id));
    },
    enabled: searching,
  });
  const options = useMemo(() => {
    const list: ConsignmentOption[] = (searching ? (found.data ?? []) : []).map((c) => ({ value: c.id, label: consignmentLabel(t, c, lang) }));
    if (chosenOption && !list.some((o) => o.value === chosenOption.value)) list.unshift(chosenOption);
    return list;
  }, [searching, found.data, chosenOption, lang, t]);

  const inspections = useQuery({
    queryKey: ['consignments', 'inspections', value.consignmentId],
    queryFn: ({ signal }) => targetingApi.inspections(value.consignmentId!, signal),
    enabled: !!value.consignmentId,
  });
  const inspectionOptions = (inspections.data ?? []).map((i) => ({ value: i.id, label: inspectionLabel(tt, i, lang) }));

  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
      <Select
        label={t('results.form.consignment')}
        description={t('results.form.consignmentHelp')}
        placeholder={t('results.form.consignmentPlaceholder')}
        data={options}
        value={value.consignmentId}
        onChange={(v) => {
          setPicked(options.find((o) => o.value === v) ?? null);
          onChange({ consignmentId: v, inspectionId: null });
        }}
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        // The server has searched already: show its answers as they are.
        filter={({ options: all }) => all}
        nothingFoundMessage={debounced.length < MIN_SEARCH ? t('results.form.consignmentTypeMore') : found.isFetching ? t('common.loading') : t('results.form.consignmentNone')}
        clearable
        error={errors.consignmentId}
        data-testid="consignment-select"
      />
      <Select
        label={t('results.form.inspection')}
        description={value.consignmentId ? t('results.form.inspectionHelp') : t('results.form.inspectionChooseFirst')}
        data={inspectionOptions}
        value={value.inspectionId}
        onChange={(v) => onChange({ ...value, inspectionId: v })}
        disabled={!value.consignmentId}
        placeholder={value.consignmentId && inspections.data && inspections.data.length === 0 ? t('results.form.inspectionNone') : undefined}
        nothingFoundMessage={t('results.form.inspectionNone')}
        clearable
        error={errors.inspectionId}
        data-testid="inspection-select"
      />
    </SimpleGrid>
  );
}

/** On a seizure: its linked consignment (a link, when the reader may see it) and inspection result. */
export function useLinkedConsignment(consignmentId: string | null, inspectionId: string | null) {
  const { t, i18n } = useTranslation();
  const tt = t as unknown as (key: string) => string;
  const consignment = useQuery({
    queryKey: ['consignments', 'one', consignmentId],
    queryFn: ({ signal }) => cargoApi.consignment(consignmentId!, signal),
    enabled: !!consignmentId,
    retry: false,
  });
  const inspections = useQuery({
    queryKey: ['consignments', 'inspections', consignmentId],
    queryFn: ({ signal }) => targetingApi.inspections(consignmentId!, signal),
    enabled: !!consignmentId && !!inspectionId,
    retry: false,
  });
  const inspection = inspections.data?.find((i) => i.id === inspectionId);
  return {
    consignmentLabel: consignment.data ? consignmentLabel(t, consignment.data.consignment, i18n.language) : null,
    inspectionLabel: inspection ? inspectionLabel(tt, inspection, i18n.language) : null,
    hidden: consignment.isError,
  };
}
