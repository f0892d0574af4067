import { Button, Center, Code, CopyButton, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { meApi } from '../api/endpoints.ts';
import { ErrorAlert } from './ErrorAlert.tsx';

/** The QR code as an image: the SVG from the API is never inserted into the page's DOM. */
function qrSrc(svg: string): string {
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

/** TOTP enrolment: QR + secret, then a first code. Calls onEnabled with the one-time recovery codes. */
export function TotpEnrolForm({ userId, onEnabled }: { userId: string; onEnabled: (recoveryCodes: string[]) => void }) {
  const { t } = useTranslation();
  // A query (not an effect) so that the secret is requested once even when React mounts twice.
  const setup = useQuery({
    queryKey: ['totp-setup', userId],
    queryFn: () => meApi.totpSetup(),
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
    refetchOnMount: false,
    refetchOnReconnect: false,
  });
  const form = useForm({
    initialValues: { code: '' },
    validate: { code: (v) => (/^\d{6}$/.test(v.replace(/\s/g, '')) ? null : t('validation.code6')) },
  });
  const enable = useMutation({
    mutationFn: (code: string) => meApi.totpEnable(code.replace(/\s/g, '')),
    onSuccess: (r) => onEnabled(r.recoveryCodes),
    onError: () => form.setFieldValue('code', ''),
  });

  if (setup.isPending) {
    return (
      <Center p="lg">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  if (setup.isError) return <ErrorAlert error={setup.error} onRetry={() => void setup.refetch()} />;

  const secretGroups = setup.data.secret.replace(/(.{4})/g, '$1 ').trim();
  return (
    <Stack gap="sm">
      <Text size="sm">{t('auth.enrolIntro')}</Text>
      <Center>
        <img className="qr-code" src={qrSrc(setup.data.qrSvg)} alt={t('auth.qrAlt')} width={200} height={200} />
      </Center>
      <Stack gap={4}>
        <Text size="sm" fw={600} id="totp-secret-label">
          {t('auth.secret')}
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Code className="mono" aria-labelledby="totp-secret-label" style={{ flex: 1, fontSize: '0.95rem', overflowWrap: 'anywhere' }} data-testid="totp-secret">
            {secretGroups}
          </Code>
          <CopyButton value={setup.data.secret}>
            {({ copied, copy }) => (
              <Button size="xs" variant="light" onClick={copy}>
                {copied ? t('common.copied') : t('common.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Stack>
      <form onSubmit={form.onSubmit((v) => enable.mutate(v.code))} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={enable.error} />
          <TextInput
            label={t('auth.code')}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            styles={{ input: { letterSpacing: '0.3em', fontSize: '1.25rem' } }}
            {...form.getInputProps('code')}
          />
          <Button type="submit" loading={enable.isPending}>
            {t('auth.enable')}
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
