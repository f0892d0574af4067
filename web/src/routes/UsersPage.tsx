import { ActionIcon, Badge, Button, Group, Select, Stack, Table, Text, TextInput, Tooltip, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnits, useUsers } from '../api/queries.ts';
import type { Role, User } from '../api/types.ts';
import { ROLES } from '../api/types.ts';
import { useMe } from '../auth/session.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { EditIcon, KeyIcon } from '../components/icons.tsx';
import { ListPager } from '../components/ListPager.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ResetPasswordModal } from '../components/ResetPasswordModal.tsx';
import { TableState } from '../components/TableState.tsx';
import { UserFormModal } from '../components/UserFormModal.tsx';
import { formatDateTime } from '../lib/format.ts';
import { localName, roleLabel, roleOptions, useCountryNames } from '../lib/labels.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

const LIMIT = 50;

function StatusBadges({ user }: { user: User }) {
  const { t } = useTranslation();
  const badges: { key: string; color: string; variant: 'filled' | 'light'; label: string }[] = [];
  if (user.disabled) badges.push({ key: 'disabled', color: 'gray', variant: 'filled', label: t('users.statusDisabled') });
  if (user.lockedUntil) badges.push({ key: 'locked', color: 'red', variant: 'light', label: t('users.statusLocked') });
  if (user.mustChangePassword) badges.push({ key: 'temp', color: 'yellow', variant: 'light', label: t('users.mustChange') });
  if (badges.length === 0) badges.push({ key: 'active', color: 'teal', variant: 'light', label: t('users.statusActive') });
  return (
    <Group gap={4}>
      {badges.map((b) => (
        <Badge key={b.key} color={b.color} variant={b.variant}>
          {b.label}
        </Badge>
      ))}
    </Group>
  );
}

export function UsersPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  useDocumentTitle(t('users.title'));
  const me = useMe();
  const countries = useCountryNames();
  const isAdmin = me.role === 'network_admin';
  const [country, setCountry] = useState<string | null>(null);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [role, setRole] = useState<Role | null>(null);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [offset, setOffset] = useState(0);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);

  const unitScope = isAdmin ? country : me.country;
  // The unit filter helps those who see several units: admins (after choosing a country) and coordinators.
  const unitsQuery = useUnits({ country: unitScope, limit: 200 }, isAdmin ? !!country : me.role === 'national_coordinator' && !!me.country);
  const unitOptions = (unitsQuery.data?.data ?? []).map((u) => ({ value: u.id, label: `${u.code} — ${localName(lang, u)}` }));
  const query = useUsers({ country: isAdmin ? country : null, unitId, role, q, limit: LIMIT, offset });
  const rows = query.data?.data ?? [];
  const showActions = rows.some((u) => u.can.update || u.can.resetPassword);
  // Only admins see users of several countries.
  const showCountry = isAdmin;
  const colCount = 6 + (showCountry ? 1 : 0) + (showActions ? 1 : 0);

  const filterChanged = () => setOffset(0);

  return (
    <Stack gap="md">
      <PageHeader title={t('users.title')} actions={me.can.manageUsers && <Button onClick={() => setEditing('new')}>{t('users.new')}</Button>} />
      <Group gap="sm" align="flex-end" role="search">
        {isAdmin && (
          <Select
            label={t('users.country')}
            placeholder={t('users.allCountries')}
            data={countries.memberOptions}
            value={country}
            onChange={(v) => {
              setCountry(v);
              setUnitId(null);
              filterChanged();
            }}
            clearable
            searchable
            w={200}
          />
        )}
        {unitOptions.length > 0 && (
          <Select
            label={t('users.unit')}
            placeholder={t('users.allUnits')}
            data={unitOptions}
            value={unitId}
            onChange={(v) => {
              setUnitId(v);
              filterChanged();
            }}
            clearable
            searchable
            w={260}
          />
        )}
        <Select
          label={t('users.role')}
          placeholder={t('users.allRoles')}
          data={roleOptions(t)}
          value={role}
          onChange={(v) => {
            setRole(ROLES.find((r) => r === v) ?? null);
            filterChanged();
          }}
          clearable
          w={240}
        />
        <TextInput
          label={t('users.search')}
          placeholder={t('users.searchPlaceholder')}
          type="search"
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            filterChanged();
          }}
          w={240}
        />
      </Group>
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      <Table.ScrollContainer minWidth={720}>
        <Table striped highlightOnHover verticalSpacing="xs" aria-busy={query.isFetching} data-testid="users-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('users.username')}</Table.Th>
              <Table.Th scope="col">{t('users.displayName')}</Table.Th>
              <Table.Th scope="col">{t('users.role')}</Table.Th>
              <Table.Th scope="col">{t('users.unit')}</Table.Th>
              {showCountry && <Table.Th scope="col">{t('users.country')}</Table.Th>}
              <Table.Th scope="col">
                <abbr title={t('users.twoFactorLong')} style={{ textDecoration: 'none' }}>
                  {t('users.twoFactor')}
                </abbr>
              </Table.Th>
              <Table.Th scope="col">{t('users.status')}</Table.Th>
              {showActions && (
                <Table.Th scope="col">
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState colSpan={colCount} loading={query.isPending} empty={!query.isPending && rows.length === 0} emptyText={t('users.empty')} />
            {rows.map((u) => (
              <Table.Tr key={u.id} data-username={u.username}>
                <Table.Th scope="row" className="mono" fw={500}>
                  {u.username}
                </Table.Th>
                <Table.Td title={u.lastLoginAt ? `${t('users.lastLogin')}: ${formatDateTime(u.lastLoginAt, lang)}` : undefined}>{u.displayName}</Table.Td>
                <Table.Td>{roleLabel(t, u.role)}</Table.Td>
                <Table.Td>
                  {u.unitCode ? (
                    <span title={u.unitName ?? undefined} className="mono nowrap">
                      {u.unitCode}
                    </span>
                  ) : (
                    <Text span c="dimmed" size="sm">
                      {t('common.none')}
                    </Text>
                  )}
                </Table.Td>
                {showCountry && <Table.Td>{u.country ? countries.name(u.country) : t('common.none')}</Table.Td>}
                <Table.Td>
                  <Badge color={u.totpEnabled ? 'teal' : 'gray'} variant="light">
                    {u.totpEnabled ? t('common.on') : t('common.off')}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <StatusBadges user={u} />
                </Table.Td>
                {showActions && (
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {u.can.update && (
                        <Tooltip label={t('users.editAction', { username: u.username })}>
                          <ActionIcon variant="subtle" aria-label={t('users.editAction', { username: u.username })} onClick={() => setEditing(u)}>
                            <EditIcon />
                          </ActionIcon>
                        </Tooltip>
                      )}
                      {u.can.resetPassword && u.id !== me.id && (
                        <Tooltip label={t('users.resetAction', { username: u.username })}>
                          <ActionIcon variant="subtle" color="orange" aria-label={t('users.resetAction', { username: u.username })} onClick={() => setResetting(u)}>
                            <KeyIcon />
                          </ActionIcon>
                        </Tooltip>
                      )}
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ListPager page={query.data?.page} onPage={setOffset} />
      {editing && <UserFormModal me={me} user={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {resetting && <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />}
    </Stack>
  );
}
