import { Alert, Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { directoryApi } from '../api/endpoints.ts';
import { keys, useAgencies } from '../api/queries.ts';
import type { Me, Unit, UnitChanges, UnitKind } from '../api/types.ts';
import { applyFieldError } from '../lib/errors.ts';
import { agencyKindLabel, localName, unitKindOptions, useCountryNames } from '../lib/labels.ts';
import { ErrorAlert } from './ErrorAlert.tsx';
import { LocationPicker, locationLabel } from './LocationPicker.tsx';

const UNIT_CODE = /^[A-Z0-9][A-Z0-9-]{2,31}$/;
const FIELDS = ['code', 'name', 'nameRu', 'kind', 'country', 'agencyId', 'locode', 'dailyCapacity', 'active'] as const;

interface Values {
  code: string;
  name: string;
  nameRu: string;
  kind: UnitKind | null;
  country: string | null;
  agencyId: string | null;
  locode: string | null;
  dailyCapacity: number | string;
  active: boolean;
}

/** Create a unit, or edit one (unit heads: names and capacity only — `can.relocate` unlocks the rest). */
export function UnitFormModal({ me, unit, onClose }: { me: Me; unit: Unit | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const { memberOptions } = useCountryNames();
  const editing = unit !== null;
  const relocate = !unit || unit.can.relocate;
  const fixedCountry = me.role === 'network_admin' ? null : me.country;

  const form = useForm<Values>({
    initialValues: {
      code: unit?.code ?? '',
      name: unit?.name ?? '',
      nameRu: unit?.nameRu ?? '',
      kind: unit?.kind ?? null,
      country: unit?.country ?? fixedCountry ?? null,
      agencyId: unit?.agencyId ?? null,
      locode: unit?.locode ?? null,
      dailyCapacity: unit?.dailyCapacity ?? '',
      active: unit?.active ?? true,
    },
    validate: {
      code: (v) => (UNIT_CODE.test(v) ? null : t('validation.unitCode')),
      name: (v) => (v.trim().length >= 2 ? null : t('validation.required')),
      kind: (v) => (v ? null : t('validation.required')),
      country: (v) => (v ? null : t('validation.countryRequired')),
      agencyId: (v) => (v ? null : t('validation.required')),
      locode: (v) => (v ? null : t('validation.required')),
      dailyCapacity: (v) => (v === '' || (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 100000) ? null : t('validation.invalid')),
    },
  });
  const agencies = useAgencies(form.values.country);

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const capacity = v.dailyCapacity === '' ? undefined : Number(v.dailyCapacity);
      if (!unit) {
        return directoryApi.createUnit({
          code: v.code,
          name: v.name.trim(),
          ...(v.nameRu.trim() ? { nameRu: v.nameRu.trim() } : {}),
          kind: v.kind!,
          country: v.country!,
          agencyId: v.agencyId!,
          locode: v.locode!,
          ...(capacity !== undefined ? { dailyCapacity: capacity } : {}),
        });
      }
      const changes: UnitChanges = {};
      if (v.name.trim() !== unit.name) changes.name = v.name.trim();
      if ((v.nameRu.trim() || null) !== unit.nameRu) changes.nameRu = v.nameRu.trim() || null;
      if (capacity !== undefined && capacity !== unit.dailyCapacity) changes.dailyCapacity = capacity;
      if (unit.can.relocate) {
        if (v.code !== unit.code) changes.code = v.code;
        if (v.kind && v.kind !== unit.kind) changes.kind = v.kind;
        if (v.agencyId && v.agencyId !== unit.agencyId) changes.agencyId = v.agencyId;
        if (v.locode && v.locode !== unit.locode) changes.locode = v.locode;
        if (v.active !== unit.active) changes.active = v.active;
      }
      if (Object.keys(changes).length === 0) return unit;
      return directoryApi.updateUnit(unit.id, changes);
    },
    onSuccess: async (saved) => {
      notifications.show({ color: 'teal', message: t(editing ? 'units.updated' : 'units.created', { code: saved.code }) });
      await queryClient.invalidateQueries({ queryKey: keys.unitsAll });
      onClose();
    },
    onError: (e) => applyFieldError(e, form.setFieldError, FIELDS),
  });

  const agencyOptions = (agencies.data ?? []).map((a) => ({ value: a.id, label: `${localName(i18n.language, a)} — ${agencyKindLabel(t, a.kind)}` }));

  return (
    <Modal opened onClose={onClose} title={editing ? t('units.editTitle', { code: unit.code }) : t('units.createTitle')} size="lg">
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={save.error} />
          {editing && !relocate && (
            <Alert color="gray" variant="light" p="xs">
              <Text size="sm">{t('units.relocateHint')}</Text>
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('units.code')}
              description={t('validation.unitCode')}
              required
              disabled={!relocate}
              classNames={{ input: 'mono' }}
              {...form.getInputProps('code')}
              onChange={(e) => form.setFieldValue('code', e.currentTarget.value.toUpperCase())}
            />
            <Select label={t('units.kind')} required disabled={!relocate} data={unitKindOptions(t)} {...form.getInputProps('kind')} />
            <TextInput label={t('units.nameEn')} required {...form.getInputProps('name')} />
            <TextInput label={t('units.nameRu')} lang="ru" {...form.getInputProps('nameRu')} />
            <Select
              label={t('units.country')}
              required
              searchable
              disabled={editing || fixedCountry !== null}
              data={memberOptions}
              {...form.getInputProps('country')}
              onChange={(v) => {
                form.setFieldValue('country', v);
                form.setFieldValue('agencyId', null);
                form.setFieldValue('locode', null);
              }}
            />
            <Select
              label={t('units.agency')}
              required
              disabled={!relocate || !form.values.country}
              placeholder={form.values.country ? t('units.agencyPlaceholder') : t('units.chooseCountryFirst')}
              nothingFoundMessage={t('units.noAgencies')}
              data={agencyOptions}
              {...form.getInputProps('agencyId')}
            />
          </SimpleGrid>
          <LocationPicker
            key={form.values.country ?? ''}
            country={form.values.country}
            value={form.values.locode}
            initialLabel={unit && form.values.locode === unit.locode ? locationLabel(unit.locationName, unit.locode) : undefined}
            onChange={(v) => form.setFieldValue('locode', v)}
            disabled={!relocate}
            required
            error={form.errors.locode}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput label={t('units.capacity')} description={t('units.capacityHint')} min={0} max={100000} allowDecimal={false} allowNegative={false} {...form.getInputProps('dailyCapacity')} />
            {editing && (
              <Switch label={t('units.active')} disabled={!relocate} mt="xl" {...form.getInputProps('active', { type: 'checkbox' })} />
            )}
          </SimpleGrid>
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {editing ? t('common.save') : t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
