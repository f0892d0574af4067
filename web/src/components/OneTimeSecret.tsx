import { Alert, Button, Code, CopyButton, Group, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** A secret shown once (temporary password, API token) with a copy button. */
export function OneTimeSecret({ value, label, children }: { value: string; label: string; children?: React.ReactNode }) {
  const { t } = useTranslation();
  const labelId = useId();
  return (
    <Stack gap="xs">
      {children}
      <VisuallyHidden id={labelId}>{label}</VisuallyHidden>
      <Group gap="sm" wrap="nowrap" align="center">
        <Code block className="mono" style={{ flex: 1, fontSize: '1rem', userSelect: 'all', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} aria-labelledby={labelId} data-testid="one-time-secret">
          {value}
        </Code>
        <CopyButton value={value} timeout={2000}>
          {({ copied, copy }) => (
            <Button variant={copied ? 'filled' : 'light'} color={copied ? 'teal' : undefined} onClick={copy} aria-live="polite">
              {copied ? t('common.copied') : t('common.copy')}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Alert color="yellow" variant="light" p="xs">
        <Text size="sm">{t('common.showOnce')}</Text>
      </Alert>
    </Stack>
  );
}
