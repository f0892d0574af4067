import { Alert, Anchor, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useUnit } from '../api/queries.ts';
import { useMe } from '../auth/session.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { localName, roleLabel, useCountryNames } from '../lib/labels.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

function Fact({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <Paper withBorder p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fw={600} mt={4}>
        {value}
      </Text>
    </Paper>
  );
}

/** Placeholder home: who and where you are. The real dashboard comes later, and the page says so. */
export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const unit = useUnit(me.unit?.id);
  const { name } = useCountryNames();
  useDocumentTitle(t('nav.dashboard'));
  return (
    <Stack gap="md" maw={960}>
      <PageHeader title={t('dashboard.title', { name: me.displayName })} />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Fact label={t('dashboard.role')} value={roleLabel(t, me.role)} />
        <Fact label={t('dashboard.unit')} value={me.unit ? `${unit.data ? localName(i18n.language, unit.data) : me.unit.name} (${me.unit.code})` : t('dashboard.noUnit')} />
        <Fact label={t('dashboard.country')} value={me.country ? name(me.country) : t('dashboard.noCountry')} />
      </SimpleGrid>
      {!me.totpEnabled && (
        <Alert color="yellow" variant="light">
          <Anchor component={Link} to="/profile" size="sm">
            {t('dashboard.twoFactorOff')}
          </Anchor>
        </Alert>
      )}
      <Alert color="blue" variant="light" title={t('dashboard.comingTitle')}>
        <Stack gap="xs">
          <Text size="sm">{t('dashboard.comingText')}</Text>
          <Text size="sm">{t('dashboard.meanwhile')}</Text>
          <Group gap="md">
            <Anchor component={Link} to="/directory/units" size="sm">
              {t('nav.units')}
            </Anchor>
            {me.can.listUsers && (
              <Anchor component={Link} to="/directory/users" size="sm">
                {t('nav.users')}
              </Anchor>
            )}
            <Anchor component={Link} to="/directory/countries" size="sm">
              {t('nav.countries')}
            </Anchor>
          </Group>
        </Stack>
      </Alert>
    </Stack>
  );
}
