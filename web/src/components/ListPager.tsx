import { Group, Pagination, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PageInfo } from '../api/types.ts';

export function ListPager({ page, onPage }: { page: PageInfo | undefined; onPage: (offset: number) => void }) {
  const { t } = useTranslation();
  if (!page) return null;
  const pages = Math.max(1, Math.ceil(page.total / page.limit));
  const current = Math.floor(page.offset / page.limit) + 1;
  return (
    <Group justify="space-between" gap="sm">
      <Text size="sm" c="dimmed" aria-live="polite">
        {t('common.total', { count: page.total })}
      </Text>
      {pages > 1 && (
        <nav aria-label={t('common.pagination')}>
          <Pagination total={pages} value={current} onChange={(p) => onPage((p - 1) * page.limit)} size="sm" />
        </nav>
      )}
    </Group>
  );
}
