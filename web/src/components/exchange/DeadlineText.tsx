import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format.ts';

/** A deadline date; an overdue one in red with the word "overdue" (colour is never the only cue). */
export function DeadlineText({ deadline, overdue }: { deadline: string | null; overdue: boolean }) {
  const { t, i18n } = useTranslation();
  if (!deadline) return <Text size="sm" c="dimmed">{t('common.none')}</Text>;
  return (
    <Text size="sm" c={overdue ? 'red.8' : undefined} fw={overdue ? 700 : undefined} data-overdue={overdue || undefined}>
      {formatDate(deadline, i18n.language)}
      {overdue && ` · ${t('exchange.overdue')}`}
    </Text>
  );
}

/** Is a YYYY-MM-DD deadline in the past (today is still in time)? */
export function isPast(deadline: string | null | undefined): boolean {
  if (!deadline) return false;
  return deadline < new Date().toISOString().slice(0, 10);
}
