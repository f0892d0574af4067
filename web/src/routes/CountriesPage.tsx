import { Badge, Group, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCountries } from '../api/queries.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { TableState } from '../components/TableState.tsx';
import { countryName, sortCountries } from '../lib/labels.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

export function CountriesPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('countries.title'));
  const lang = i18n.language;
  const query = useCountries();
  const [search, setSearch] = useState('');
  const [membersOnly, setMembersOnly] = useState(false);

  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    return sortCountries(query.data ?? [], lang).filter(
      (c) =>
        (!membersOnly || c.member) &&
        (!q || c.nameEn.toLowerCase().includes(q) || c.nameRu.toLowerCase().includes(q) || c.iso2.toLowerCase() === q || c.iso3.toLowerCase() === q),
    );
  }, [query.data, lang, search, membersOnly]);

  return (
    <Stack gap="md">
      <PageHeader title={t('countries.title')} intro={t('countries.intro')} />
      <Group gap="md" align="flex-end">
        <TextInput label={t('countries.search')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} type="search" w={280} />
        <Switch label={t('countries.membersOnly')} checked={membersOnly} onChange={(e) => setMembersOnly(e.currentTarget.checked)} mb={8} />
      </Group>
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      <Text size="sm" c="dimmed" aria-live="polite">
        {t('common.total', { count: rows.length })}
      </Text>
      <Table.ScrollContainer minWidth={480}>
        <Table striped highlightOnHover stickyHeader>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('countries.name')}</Table.Th>
              <Table.Th scope="col">{t('countries.iso2')}</Table.Th>
              <Table.Th scope="col">{t('countries.iso3')}</Table.Th>
              <Table.Th scope="col">{t('countries.member')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState colSpan={4} loading={query.isPending} empty={!query.isPending && rows.length === 0} emptyText={t('countries.empty')} />
            {rows.map((c) => (
              <Table.Tr key={c.iso2}>
                <Table.Th scope="row" fw={c.member ? 600 : 400}>
                  {countryName(lang, c)}
                </Table.Th>
                <Table.Td className="mono">{c.iso2}</Table.Td>
                <Table.Td className="mono">{c.iso3}</Table.Td>
                <Table.Td>
                  {c.member && (
                    <Badge color="blue" variant="light">
                      {t('countries.member')}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
