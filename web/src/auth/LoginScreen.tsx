import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/endpoints.ts';
import { keys } from '../api/queries.ts';
import { isLanguage } from '../i18n/index.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { AuthLayout } from './AuthLayout.tsx';

export function LoginScreen() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { username: '', password: '' },
    validate: {
      username: (v) => (v.trim() ? null : t('validation.required')),
      password: (v) => (v ? null : t('validation.required')),
    },
  });
  const login = useMutation({
    mutationFn: (v: { username: string; password: string }) => authApi.login(v.username.trim(), v.password),
    onSuccess: async (result) => {
      if (isLanguage(result.language)) await i18n.changeLanguage(result.language);
      // The session gate reads /me and shows the next step (2FA, enrolment, password change or the app).
      await queryClient.resetQueries({ queryKey: keys.me, exact: true });
    },
  });

  return (
    <AuthLayout title={t('auth.loginTitle')}>
      <form onSubmit={form.onSubmit((v) => login.mutate(v))} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={login.error} />
          <TextInput label={t('auth.username')} autoComplete="username" autoCapitalize="none" spellCheck={false} data-autofocus autoFocus required {...form.getInputProps('username')} />
          <PasswordInput label={t('auth.password')} autoComplete="current-password" required {...form.getInputProps('password')} />
          <Button type="submit" loading={login.isPending} fullWidth mt="xs">
            {t('auth.login')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
