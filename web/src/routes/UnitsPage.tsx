import { ActionIcon, Badge, Button, Group, Select, Stack, Table, Text, TextInput, Tooltip, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAllAgencies, useUnits } from '../api/queries.ts';
import type { Unit, UnitKind } from '../api/types.ts';
import { UNIT_KINDS } from '../api/types.ts';
import { canCreateUnits, useMe } from '../auth/session.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { ListPager } from '../components/ListPager.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { TableState } from '../components/TableState.tsx';
import { UnitFormModal } from '../components/UnitFormModal.tsx';
import { EditIcon } from '../components/icons.tsx';
import { formatNumber } from '../lib/format.ts';
import { localName, unitKindLabel, unitKindOptions, useCountryNames } from '../lib/labels.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

const LIMIT = 50;

export function UnitsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  useDocumentTitle(t('units.title'));
  const me = useMe();
  const countries = useCountryNames();
  const [country, setCountry] = useState<string | null>(me.country);
  const [kind, setKind] = useState<UnitKind | null>(null);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [offset, setOffset] = useState(0);
  const [editing, setEditing] = useState<Unit | 'new' | null>(null);
  const query = useUnits({ country, kind, q, limit: LIMIT, offset });
  const rows = query.data?.data ?? [];
  const agencies = useAllAgencies();
  const agencyName = (u: Unit) => {
    const a = agencies.data?.find((x) => x.id === u.agencyId);
    return a ? localName(lang, a) : u.agencyName;
  };
  // With one country chosen, its name in every row says nothing: the column makes room on a tablet.
  const showCountry = !country;
  const colCount = 7 + (showCountry ? 1 : 0) + (rows.some((u) => u.can.update) ? 1 : 0);
  const showActions = rows.some((u) => u.can.update);

  return (
    <Stack gap="md">
      <PageHeader
        title={t('units.title')}
        actions={
          canCreateUnits(me) && (
            <Button onClick={() => setEditing('new')}>{t('units.new')}</Button>
          )
        }
      />
      <Group gap="sm" align="flex-end" role="search">
        <Select
          label={t('units.country')}
          placeholder={t('units.allCountries')}
          data={countries.memberOptions}
          value={country}
          onChange={(v) => {
            setCountry(v);
            setOffset(0);
          }}
          clearable
          searchable
          w={220}
        />
        <Select
          label={t('units.kind')}
          placeholder={t('units.allKinds')}
          data={unitKindOptions(t)}
          value={kind}
          onChange={(v) => {
            setKind(UNIT_KINDS.find((k) => k === v) ?? null);
            setOffset(0);
          }}
          clearable
          w={260}
        />
        <TextInput
          label={t('units.search')}
          placeholder={t('units.searchPlaceholder')}
          type="search"
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setOffset(0);
          }}
          w={260}
        />
      </Group>
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      <Table.ScrollContainer minWidth={760}>
        <Table striped highlightOnHover verticalSpacing="xs" aria-busy={query.isFetching}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('units.code')}</Table.Th>
              <Table.Th scope="col">{t('units.name')}</Table.Th>
              <Table.Th scope="col">{t('units.kind')}</Table.Th>
              {showCountry && <Table.Th scope="col">{t('units.country')}</Table.Th>}
              <Table.Th scope="col">{t('units.place')}</Table.Th>
              <Table.Th scope="col">{t('units.agency')}</Table.Th>
              <Table.Th scope="col" ta="right">
                <abbr title={t('units.capacity')} style={{ textDecoration: 'none' }}>
                  {t('units.capacityShort')}
                </abbr>
              </Table.Th>
              <Table.Th scope="col">{t('units.status')}</Table.Th>
              {showActions && (
                <Table.Th scope="col">
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState colSpan={colCount} loading={query.isPending} empty={!query.isPending && rows.length === 0} emptyText={t('units.empty')} />
            {rows.map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td className="mono nowrap">{u.code}</Table.Td>
                <Table.Th scope="row" fw={500}>
                  {localName(lang, u)}
                </Table.Th>
                <Table.Td>{unitKindLabel(t, u.kind)}</Table.Td>
                {showCountry && <Table.Td>{countries.name(u.country)}</Table.Td>}
                <Table.Td>
                  <Text size="sm">{u.locationName}</Text>
                  <Text size="xs" c="dimmed" className="mono">
                    {u.locode}
                  </Text>
                </Table.Td>
                <Table.Td>{agencyName(u)}</Table.Td>
                <Table.Td ta="right">{formatNumber(u.dailyCapacity, lang)}</Table.Td>
                <Table.Td>
                  <Badge color={u.active ? 'teal' : 'gray'} variant="light">
                    {u.active ? t('units.active') : t('units.inactive')}
                  </Badge>
                </Table.Td>
                {showActions && (
                  <Table.Td>
                    {u.can.update && (
                      <Tooltip label={t('units.editAction', { code: u.code })}>
                        <ActionIcon variant="subtle" aria-label={t('units.editAction', { code: u.code })} onClick={() => setEditing(u)}>
                          <EditIcon />
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ListPager page={query.data?.page} onPage={setOffset} />
      {editing && <UnitFormModal me={me} unit={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
