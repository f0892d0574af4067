import { Anchor, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/endpoints.ts';
import { keys } from '../api/queries.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { AuthLayout } from './AuthLayout.tsx';
import { logoutAndReload } from './logout.ts';

/** Second login step: a 6-digit code, or one of the recovery codes. */
export function TotpScreen() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [recovery, setRecovery] = useState(false);
  const form = useForm({
    initialValues: { code: '', recoveryCode: '' },
    validate: {
      code: (v) => (recovery || /^\d{6}$/.test(v.replace(/\s/g, '')) ? null : t('validation.code6')),
      recoveryCode: (v) => (!recovery || v.trim() ? null : t('validation.required')),
    },
  });
  const verify = useMutation({
    mutationFn: (v: { code: string; recoveryCode: string }) =>
      authApi.totp(recovery ? { recoveryCode: v.recoveryCode.trim() } : { code: v.code.replace(/\s/g, '') }),
    onSuccess: () => queryClient.resetQueries({ queryKey: keys.me, exact: true }),
    onError: () => form.setFieldValue(recovery ? 'recoveryCode' : 'code', ''),
  });

  const toggle = () => {
    setRecovery((r) => !r);
    verify.reset();
    form.clearErrors();
  };

  return (
    <AuthLayout title={t('auth.totpTitle')}>
      <form onSubmit={form.onSubmit((v) => verify.mutate(v))} noValidate>
        <Stack gap="sm">
          <Text size="sm">{recovery ? t('auth.recoveryIntro') : t('auth.totpIntro')}</Text>
          <ErrorAlert error={verify.error} />
          {recovery ? (
            <TextInput key="recovery" label={t('auth.recoveryCode')} autoComplete="off" autoCapitalize="none" spellCheck={false} autoFocus classNames={{ input: 'mono' }} {...form.getInputProps('recoveryCode')} />
          ) : (
            <TextInput
              key="code"
              label={t('auth.code')}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              autoFocus
              styles={{ input: { letterSpacing: '0.3em', fontSize: '1.25rem' } }}
              {...form.getInputProps('code')}
            />
          )}
          <Button type="submit" loading={verify.isPending} fullWidth>
            {t('auth.verify')}
          </Button>
          <Group justify="space-between">
            <Anchor component="button" type="button" size="sm" onClick={toggle}>
              {recovery ? t('auth.useCode') : t('auth.useRecovery')}
            </Anchor>
            <Anchor component="button" type="button" size="sm" c="dimmed" onClick={() => void logoutAndReload()}>
              {t('auth.logout')}
            </Anchor>
          </Group>
        </Stack>
      </form>
    </AuthLayout>
  );
}
