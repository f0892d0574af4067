import { Button, Group, Modal, Select, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { directoryApi } from '../api/endpoints.ts';
import { keys, useUnits } from '../api/queries.ts';
import type { Language, Me, Role, User, UserChanges } from '../api/types.ts';
import { ROLES } from '../api/types.ts';
import { applyFieldError } from '../lib/errors.ts';
import { localName, roleOptions, useCountryNames } from '../lib/labels.ts';
import { ErrorAlert } from './ErrorAlert.tsx';
import { OneTimeSecret } from './OneTimeSecret.tsx';

const FIELDS = ['username', 'displayName', 'email', 'role', 'unitId', 'country', 'language', 'disabled'] as const;
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface Values {
  username: string;
  displayName: string;
  email: string;
  role: Role | null;
  unitId: string | null;
  country: string | null;
  language: Language;
  disabled: boolean;
}

const needsUnit = (role: Role | null) => role === 'unit_head' || role === 'officer';

/** Create a user (then show the temporary password once) or edit one. */
export function UserFormModal({ me, user, onClose }: { me: Me; user: User | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const countries = useCountryNames();
  const editing = user !== null;
  const [created, setCreated] = useState<{ user: User; temporaryPassword: string | null } | null>(null);

  const fixedCountry = me.role === 'network_admin' ? null : me.country;
  const fixedUnit = me.role === 'unit_head' ? me.unit : null;
  const roles: Role[] = ROLES.filter((r) => me.can.assignableRoles.includes(r) || r === user?.role);

  const form = useForm<Values>({
    initialValues: {
      username: user?.username ?? '',
      displayName: user?.displayName ?? '',
      email: user?.email ?? '',
      role: user?.role ?? (roles.includes('officer') ? 'officer' : (roles[0] ?? null)),
      unitId: user?.unitId ?? fixedUnit?.id ?? null,
      country: user?.country ?? fixedCountry,
      language: user?.language ?? (i18n.language === 'ru' ? 'ru' : 'en'),
      disabled: user?.disabled ?? false,
    },
    validate: {
      username: (v) => (editing || USERNAME.test(v) ? null : t('validation.username')),
      displayName: (v) => (v.trim() ? null : t('validation.required')),
      email: (v) => (!v.trim() || EMAIL.test(v.trim()) ? null : t('validation.email')),
      role: (v) => (v ? null : t('validation.required')),
      unitId: (v, all) => (needsUnit(all.role) && !v ? t('validation.unitRequired') : null),
      country: (v, all) => (all.role === 'national_coordinator' && !v ? t('validation.countryRequired') : null),
    },
  });
  const { role, country } = form.values;
  const unitCountry = fixedCountry ?? country;
  const units = useUnits({ country: unitCountry, limit: 200 }, !fixedUnit && (!!unitCountry || me.role === 'network_admin'));
  const unitOptions = fixedUnit
    ? [{ value: fixedUnit.id, label: `${fixedUnit.code} — ${fixedUnit.name}` }]
    : (units.data?.data ?? []).map((u) => ({ value: u.id, label: `${u.code} — ${localName(i18n.language, u)}` }));
  // Keep the current unit selectable while the list loads or when it is outside the first page.
  if (user?.unitId && !unitOptions.some((o) => o.value === user.unitId)) unitOptions.unshift({ value: user.unitId, label: `${user.unitCode ?? ''} — ${user.unitName ?? ''}` });

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const place = v.role === 'network_admin' ? { unitId: null, country: null } : { unitId: v.unitId, country: v.country };
      if (!user) {
        return directoryApi.createUser({
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          email: v.email.trim() || null,
          role: v.role!,
          unitId: place.unitId,
          country: place.unitId ? undefined : place.country,
          language: v.language,
        });
      }
      const changes: UserChanges = {};
      if (v.displayName.trim() !== user.displayName) changes.displayName = v.displayName.trim();
      if ((v.email.trim() || null) !== user.email) changes.email = v.email.trim() || null;
      if (v.role && v.role !== user.role) changes.role = v.role;
      if (place.unitId !== user.unitId) changes.unitId = place.unitId;
      if (!place.unitId && place.country !== user.country) changes.country = place.country;
      if (v.language !== user.language) changes.language = v.language;
      if (v.disabled !== user.disabled) changes.disabled = v.disabled;
      const saved = Object.keys(changes).length ? await directoryApi.updateUser(user.id, changes) : user;
      return { user: saved, temporaryPassword: null };
    },
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: keys.usersAll });
      if (!user) {
        notifications.show({ color: 'teal', message: t('users.created', { username: result.user.username }) });
        if (result.temporaryPassword) {
          setCreated(result);
          return;
        }
      } else {
        notifications.show({ color: 'teal', message: t('users.updated', { username: result.user.username }) });
      }
      onClose();
    },
    onError: (e) => applyFieldError(e, form.setFieldError, FIELDS),
  });

  if (created?.temporaryPassword) {
    return (
      <Modal opened onClose={onClose} title={t('users.tempTitle')} size="md">
        <Stack>
          <OneTimeSecret value={created.temporaryPassword} label={t('users.tempTitle')}>
            {t('users.tempText', { username: created.user.username })}
          </OneTimeSecret>
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('common.done')}</Button>
          </Group>
        </Stack>
      </Modal>
    );
  }

  const countryDisabled = fixedCountry !== null || role === 'network_admin' || !!form.values.unitId;
  return (
    <Modal opened onClose={onClose} title={editing ? t('users.editTitle', { username: user.username }) : t('users.createTitle')} size="lg">
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={save.error} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('users.username')}
              description={editing ? undefined : t('users.usernameHint')}
              required={!editing}
              disabled={editing}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              classNames={{ input: 'mono' }}
              {...form.getInputProps('username')}
            />
            <TextInput label={t('users.displayName')} required autoComplete="off" {...form.getInputProps('displayName')} />
            <TextInput label={t('users.email')} type="email" autoComplete="off" {...form.getInputProps('email')} />
            <Select label={t('users.role')} required data={roleOptions(t, roles)} allowDeselect={false} {...form.getInputProps('role')} />
            <Select
              label={t('users.country')}
              searchable
              clearable={me.role === 'network_admin'}
              disabled={countryDisabled}
              required={role === 'national_coordinator'}
              data={countries.memberOptions}
              {...form.getInputProps('country')}
              onChange={(v) => {
                form.setFieldValue('country', v);
                form.setFieldValue('unitId', null);
              }}
            />
            <Select
              label={t('users.unit')}
              searchable
              clearable={!needsUnit(role) && !fixedUnit}
              required={needsUnit(role)}
              disabled={role === 'network_admin' || !!fixedUnit}
              placeholder={needsUnit(role) ? undefined : t('users.noUnit')}
              nothingFoundMessage={t('units.empty')}
              data={unitOptions}
              {...form.getInputProps('unitId')}
              onChange={(v) => {
                form.setFieldValue('unitId', v);
                const u = units.data?.data.find((x) => x.id === v);
                if (u) form.setFieldValue('country', u.country);
              }}
            />
            <Select
              label={t('users.language')}
              allowDeselect={false}
              data={[
                { value: 'en', label: t('language.enName') },
                { value: 'ru', label: t('language.ruName') },
              ]}
              {...form.getInputProps('language')}
            />
            {editing && user.id !== me.id && (
              <Switch label={t('users.disabled')} description={t('users.disabledHint')} mt="md" {...form.getInputProps('disabled', { type: 'checkbox' })} />
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
