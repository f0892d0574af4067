import { Group, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useLocations } from '../api/queries.ts';
import type { Location } from '../api/types.ts';

interface Option {
  value: string;
  label: string;
  detail?: string;
}

function functions(t: TFunction, l: Location): string {
  const f: string[] = [];
  if (l.isPort) f.push(t('units.functions.port'));
  if (l.isAirport) f.push(t('units.functions.airport'));
  if (l.isRail) f.push(t('units.functions.rail'));
  if (l.isRoad) f.push(t('units.functions.road'));
  if (l.isBorderCrossing) f.push(t('units.functions.border'));
  return [l.subdivision, f.join(', ')].filter(Boolean).join(' · ');
}

export const locationLabel = (name: string, locode: string) => `${name} (${locode})`;

/** Searchable UN/LOCODE picker: asks GET /reference/locations?q=&country= as the user types. */
export function LocationPicker(props: {
  value: string | null;
  onChange: (locode: string | null) => void;
  country: string | null;
  initialLabel?: string;
  disabled?: boolean;
  error?: React.ReactNode;
  required?: boolean;
}) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<Option | null>(props.value && props.initialLabel ? { value: props.value, label: props.initialLabel } : null);
  const [search, setSearch] = useState(selected?.label ?? '');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const typing = debounced !== '' && debounced !== selected?.label;
  const query = useLocations(debounced, props.country, !!props.country && !props.disabled && typing);

  const data = useMemo(() => {
    const found: Option[] = typing
      ? (query.data ?? []).map((l) => ({ value: l.unlocode, label: locationLabel(l.name, l.unlocode), detail: functions(t, l) }))
      : [];
    const all = selected && !found.some((o) => o.value === selected.value) ? [selected, ...found] : found;
    return all;
  }, [query.data, selected, typing, t]);
  const details = useMemo(() => new Map(data.map((o) => [o.value, o.detail])), [data]);

  return (
    <Select
      label={t('units.location')}
      placeholder={props.country ? t('units.locationPlaceholder') : t('units.chooseCountryFirst')}
      searchable
      clearable
      required={props.required}
      disabled={props.disabled || !props.country}
      error={props.error}
      value={props.value}
      searchValue={search}
      onSearchChange={setSearch}
      data={data}
      filter={({ options }) => options}
      nothingFoundMessage={typing && !query.isFetching ? t('units.noLocations') : undefined}
      onChange={(value, option) => {
        setSelected(option ? { value: option.value, label: option.label, detail: details.get(option.value) } : null);
        props.onChange(value);
      }}
      renderOption={({ option }) => (
        <Stack gap={0}>
          <Group gap={6}>
            <Text size="sm">{option.label}</Text>
          </Group>
          {details.get(option.value) && (
            <Text size="xs" c="dimmed">
              {details.get(option.value)}
            </Text>
          )}
        </Stack>
      )}
    />
  );
}
