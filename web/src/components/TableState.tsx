import { Center, Loader, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A full-width row saying "loading" or "nothing here". */
export function TableState({ colSpan, loading, empty, emptyText }: { colSpan: number; loading: boolean; empty: boolean; emptyText: string }) {
  const { t } = useTranslation();
  if (!loading && !empty) return null;
  return (
    <Table.Tr>
      <Table.Td colSpan={colSpan}>
        <Center p="md">{loading ? <Loader size="sm" aria-label={t('common.loading')} /> : <Text c="dimmed">{emptyText}</Text>}</Center>
      </Table.Td>
    </Table.Tr>
  );
}
