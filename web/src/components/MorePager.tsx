import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { MorePageInfo } from '../api/types.ts';

/** Previous / next for lists without a total (the server says whether there is more). */
export function MorePager({ page, shown, onOffset }: { page: MorePageInfo | undefined; shown: number; onOffset: (offset: number) => void }) {
  const { t } = useTranslation();
  if (!page || (page.offset === 0 && !page.hasMore)) {
    return page ? (
      <Text size="sm" c="dimmed" aria-live="polite">
        {t('common.shown', { count: shown })}
      </Text>
    ) : null;
  }
  return (
    <Group justify="space-between" gap="sm">
      <Text size="sm" c="dimmed" aria-live="polite">
        {t('common.range', { from: page.offset + 1, to: page.offset + shown })}
      </Text>
      <nav aria-label={t('common.pagination')}>
        <Group gap="xs">
          <Button size="xs" variant="default" disabled={page.offset === 0} onClick={() => onOffset(Math.max(0, page.offset - page.limit))}>
            {t('common.page.previous')}
          </Button>
          <Button size="xs" variant="default" disabled={!page.hasMore} onClick={() => onOffset(page.offset + page.limit)}>
            {t('common.page.next')}
          </Button>
        </Group>
      </nav>
    </Group>
  );
}
