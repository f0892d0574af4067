import { Button, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../components/PageHeader.tsx';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

export function NotFoundPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('common.notFoundTitle'));
  return (
    <Stack>
      <PageHeader title={t('common.notFoundTitle')} />
      <Text>{t('common.notFoundText')}</Text>
      <Button component={Link} to="/" style={{ alignSelf: 'flex-start' }}>
        {t('common.goHome')}
      </Button>
    </Stack>
  );
}
