import { Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { directoryApi } from '../api/endpoints.ts';
import { keys } from '../api/queries.ts';
import type { User } from '../api/types.ts';
import { ErrorAlert } from './ErrorAlert.tsx';
import { OneTimeSecret } from './OneTimeSecret.tsx';

export function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [resetTotp, setResetTotp] = useState(false);
  const reset = useMutation({
    mutationFn: () => directoryApi.resetPassword(user.id, resetTotp),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.usersAll }),
  });

  return (
    <Modal opened onClose={onClose} title={t('users.resetTitle', { username: user.username })}>
      {reset.data ? (
        <Stack>
          <OneTimeSecret value={reset.data.temporaryPassword} label={t('users.tempTitle')}>
            {t('users.tempText', { username: user.username })}
          </OneTimeSecret>
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('common.done')}</Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <ErrorAlert error={reset.error} />
          <Text size="sm">{t('users.resetText')}</Text>
          {user.totpEnabled && <Checkbox label={t('users.resetTotp')} checked={resetTotp} onChange={(e) => setResetTotp(e.currentTarget.checked)} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={reset.isPending} onClick={() => reset.mutate()}>
              {t('users.resetDo')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
