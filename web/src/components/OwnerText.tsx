import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useUnits } from '../api/queries.ts';
import type { OwnerScope } from '../api/types.ts';
import { ownerScopeLabel, useCountryNames } from '../lib/labels.ts';

/** Unit codes of a country (for owner columns); officers may see other units' profiles of their country. */
export function useUnitCodes(country: string | null) {
  const units = useUnits({ country, limit: 200 }, !!country);
  const map = new Map<string, string>();
  for (const u of units.data?.data ?? []) map.set(u.id, u.code);
  return map;
}

/** "Network", "Country · Georgia", "Unit · GE-PTI-PCU". */
export function OwnerText({ owner, unitCodes }: { owner: { ownerScope: OwnerScope; ownerCountry: string | null; ownerUnitId: string | null }; unitCodes: Map<string, string> }) {
  const { t } = useTranslation();
  const countries = useCountryNames();
  const detail = owner.ownerScope === 'unit' ? (owner.ownerUnitId ? (unitCodes.get(owner.ownerUnitId) ?? '') : '') : owner.ownerScope === 'country' ? countries.name(owner.ownerCountry) : '';
  return (
    <Text size="sm" span>
      {ownerScopeLabel(t, owner.ownerScope)}
      {detail && (
        <Text span size="sm" c="dimmed" className={owner.ownerScope === 'unit' ? 'mono' : undefined}>
          {' · '}
          {detail}
        </Text>
      )}
    </Text>
  );
}
