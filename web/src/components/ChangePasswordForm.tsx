import { Button, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { meApi } from '../api/endpoints.ts';
import { isApiError } from '../api/client.ts';
import { errorMessage } from '../lib/errors.ts';
import { ErrorAlert } from './ErrorAlert.tsx';

export const MIN_PASSWORD_LENGTH = 12;

export function ChangePasswordForm({ username, onChanged }: { username: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', confirm: '' },
    validate: {
      currentPassword: (v) => (v ? null : t('validation.required')),
      newPassword: (v) =>
        v.length < MIN_PASSWORD_LENGTH ? t('validation.minPassword') : v.toLowerCase().includes(username.toLowerCase()) ? t('validation.passwordHasUsername') : null,
      confirm: (v, all) => (v === all.newPassword ? null : t('validation.mismatch')),
    },
  });
  const change = useMutation({
    mutationFn: (v: { currentPassword: string; newPassword: string }) => meApi.changePassword(v.currentPassword, v.newPassword),
    onSuccess: () => {
      form.reset();
      onChanged();
    },
    onError: (e) => {
      if (isApiError(e) && e.code === 'INVALID_CREDENTIALS') form.setFieldError('currentPassword', errorMessage(e));
      if (isApiError(e) && e.code === 'WEAK_PASSWORD') form.setFieldError('newPassword', errorMessage(e));
    },
  });
  const inlineError = change.error && !(isApiError(change.error) && ['INVALID_CREDENTIALS', 'WEAK_PASSWORD'].includes(change.error.code));

  return (
    <form onSubmit={form.onSubmit((v) => change.mutate(v))} noValidate>
      <Stack gap="sm" maw={420}>
        {inlineError && <ErrorAlert error={change.error} />}
        <PasswordInput label={t('auth.currentPassword')} autoComplete="current-password" required {...form.getInputProps('currentPassword')} />
        <PasswordInput label={t('auth.newPassword')} description={t('auth.passwordRules')} autoComplete="new-password" required {...form.getInputProps('newPassword')} />
        <PasswordInput label={t('auth.confirmPassword')} autoComplete="new-password" required {...form.getInputProps('confirm')} />
        <Text size="xs" c="dimmed" aria-live="polite">
          {form.values.newPassword ? `${form.values.newPassword.length} / ${MIN_PASSWORD_LENGTH}+` : ''}
        </Text>
        <Button type="submit" loading={change.isPending} style={{ alignSelf: 'flex-start' }}>
          {t('auth.change')}
        </Button>
      </Stack>
    </form>
  );
}
