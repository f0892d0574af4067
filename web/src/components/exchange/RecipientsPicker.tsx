import { ActionIcon, Button, Group, Select, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Recipient } from '../../api/exchange.types.ts';
import { useUnits } from '../../api/queries.ts';
import { localName, useCountryNames } from '../../lib/labels.ts';

const ALL_UNITS = '*';

function RecipientRow({ index, value, onChange, onRemove, countries, countryOptions }: { index: number; value: Recipient; onChange: (r: Recipient) => void; onRemove: () => void; countries?: string[]; countryOptions: { value: string; label: string }[] }) {
  const { t, i18n } = useTranslation();
  const units = useUnits({ country: value.country, limit: 200 }, !!value.country);
  const unitOptions = [
    { value: ALL_UNITS, label: t('exchange.recipients.allUnits') },
    ...(units.data?.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: `${u.code} — ${localName(i18n.language, u)}` })),
  ];
  const options = countries ? countryOptions.filter((o) => countries.includes(o.value)) : countryOptions;
  return (
    <Group gap="xs" align="flex-end" wrap="wrap" data-testid="recipient-row">
      <Select
        label={t('exchange.recipients.country', { n: index + 1 })}
        data={options}
        value={value.country || null}
        onChange={(v) => onChange({ country: v ?? '', unitId: null })}
        searchable
        allowDeselect={false}
        w={220}
      />
      <Select
        label={t('exchange.recipients.unit', { n: index + 1 })}
        data={unitOptions}
        value={value.unitId ?? ALL_UNITS}
        onChange={(v) => onChange({ country: value.country, unitId: !v || v === ALL_UNITS ? null : v })}
        disabled={!value.country}
        searchable
        allowDeselect={false}
        w={320}
      />
      <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={t('exchange.recipients.remove', { n: index + 1 })} mb={4}>
        ×
      </ActionIcon>
    </Group>
  );
}

/**
 * Named recipients: countries (every unit of them) or single units. `countries` limits the choice (e.g. a
 * TLP:AMBER forward stays in the forwarder's country).
 */
export function RecipientsPicker({ value, onChange, error, countries }: { value: Recipient[]; onChange: (v: Recipient[]) => void; error?: React.ReactNode; countries?: string[] }) {
  const { t } = useTranslation();
  const names = useCountryNames();
  return (
    <Stack gap="xs" role="group" aria-label={t('exchange.recipients.label')}>
      {value.map((r, i) => (
        <RecipientRow
          key={i}
          index={i}
          value={r}
          countries={countries}
          countryOptions={names.memberOptions}
          onChange={(next) => onChange(value.map((x, j) => (j === i ? next : x)))}
          onRemove={() => onChange(value.filter((_, j) => j !== i))}
        />
      ))}
      <Group gap="xs">
        <Button variant="light" size="xs" onClick={() => onChange([...value, { country: countries?.length === 1 ? countries[0]! : '', unitId: null }])}>
          {t('exchange.recipients.add')}
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

/** Only complete rows are sent. */
export function completeRecipients(rs: Recipient[]): Recipient[] {
  return rs.filter((r) => r.country).map((r) => ({ country: r.country, unitId: r.unitId ?? null }));
}
