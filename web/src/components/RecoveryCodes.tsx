import { Alert, Button, CopyButton, Group, List, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The one-time recovery codes after enrolment, with an explicit "I saved them". */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Alert color="yellow" variant="light">
        <Text size="sm">{t('auth.recoveryText')}</Text>
      </Alert>
      <Paper withBorder p="sm">
        <List listStyleType="none" spacing={4} className="mono" aria-label={t('auth.recoveryListLabel')} data-testid="recovery-codes" style={{ columns: 2 }}>
          {codes.map((c) => (
            <List.Item key={c}>{c}</List.Item>
          ))}
        </List>
      </Paper>
      <Group justify="space-between">
        <CopyButton value={codes.join('\n')}>
          {({ copied, copy }) => (
            <Button variant="light" onClick={copy}>
              {copied ? t('common.copied') : t('common.copy')}
            </Button>
          )}
        </CopyButton>
        <Button onClick={onDone} autoFocus>
          {t('auth.savedThem')}
        </Button>
      </Group>
    </Stack>
  );
}
