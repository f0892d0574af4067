import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';

/** Frame of the login, 2FA and forced password screens. */
export function AuthLayout({ title, children, width = 420 }: { title: string; children: React.ReactNode; width?: number }) {
  const { t } = useTranslation();
  return (
    <Box mih="100vh" bg="gray.0">
      <Box component="header" px="md" py="sm">
        <Group justify="space-between">
          <Text fw={700} size="xl" c="blue.8" lang="en">
            {t('common.appName')}
          </Text>
          <LanguageSwitch />
        </Group>
      </Box>
      <Center component="main" id="main" px="md" py="xl">
        <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={width}>
          <Stack gap="md">
            <Stack gap={4}>
              <Text size="sm" c="dimmed">
                {t('auth.loginIntro')}
              </Text>
              <Title order={1} size="h2">
                {title}
              </Title>
            </Stack>
            {children}
          </Stack>
        </Paper>
      </Center>
    </Box>
  );
}
