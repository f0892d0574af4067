import { Select } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnit, useUnits } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { localName } from '../lib/labels.ts';

/**
 * The units a user works for: officers and unit heads their own unit only; national coordinators any unit of
 * their country. `value` starts as the own unit; for a coordinator (who has none) the first unit of the list.
 */
export function useWorkUnits(me: Me) {
  const { i18n } = useTranslation();
  const coordinator = me.role === 'national_coordinator';
  const units = useUnits({ country: me.country, limit: 200 }, coordinator && !!me.country);
  // /me names the unit in English only; the unit record has the Russian name too.
  const own = useUnit(coordinator ? null : me.unit?.id);
  const options = useMemo(() => {
    if (!coordinator) return me.unit ? [{ value: me.unit.id, label: `${me.unit.code} — ${own.data ? localName(i18n.language, own.data) : me.unit.name}` }] : [];
    return (units.data?.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: `${u.code} — ${localName(i18n.language, u)}` }));
  }, [coordinator, me.unit, units.data, own.data, i18n.language]);
  const codeOf = useMemo(() => {
    const m = new Map<string, string>();
    if (me.unit) m.set(me.unit.id, me.unit.code);
    for (const u of units.data?.data ?? []) m.set(u.id, u.code);
    return m;
  }, [me.unit, units.data]);
  return { options, fixed: !coordinator, defaultId: me.unit?.id ?? options[0]?.value ?? null, loading: coordinator && units.isPending, codeOf };
}

export function WorkUnitSelect({ me, value, onChange, label, description, w }: { me: Me; value: string | null; onChange: (id: string | null) => void; label?: string; description?: string; w?: number | string }) {
  const { t } = useTranslation();
  const units = useWorkUnits(me);
  // A coordinator's list arrives after the first render: start with its first unit.
  useEffect(() => {
    if (!value && units.defaultId) onChange(units.defaultId);
  }, [value, units.defaultId, onChange]);
  return (
    <Select
      label={label ?? t('cargo.unit')}
      description={description}
      data={units.options}
      value={value}
      onChange={onChange}
      allowDeselect={false}
      searchable={!units.fixed}
      readOnly={units.fixed}
      rightSection={units.fixed ? <span /> : undefined}
      nothingFoundMessage={t('units.empty')}
      w={w ?? 360}
      required
    />
  );
}
