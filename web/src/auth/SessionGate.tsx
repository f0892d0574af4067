/**
 * Decides what the visitor sees from GET /me: the login form, the 2FA code step, 2FA enrolment (then the
 * recovery codes once), the forced password change, or the application. Reloading the page mid-way resumes at
 * the right step because the state lives on the server session.
 */
import { Button, Center, Loader, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.ts';
import { keys, useMeQuery } from '../api/queries.ts';
import { ChangePasswordForm } from '../components/ChangePasswordForm.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { RecoveryCodes } from '../components/RecoveryCodes.tsx';
import { TotpEnrolForm } from '../components/TotpEnrolForm.tsx';
import { AuthLayout } from './AuthLayout.tsx';
import { LoginScreen } from './LoginScreen.tsx';
import { logoutAndReload } from './logout.ts';
import { SessionContext, type Session } from './session.tsx';
import { TotpScreen } from './TotpScreen.tsx';

export function SessionGate({ children }: { children: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const meQuery = useMeQuery();
  const me = meQuery.data;
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);

  // The account's language wins once per login (and when another user logs in on this browser).
  const languageFor = useRef<string | null>(null);
  useEffect(() => {
    if (me && languageFor.current !== me.id) {
      languageFor.current = me.id;
      if (me.language !== i18n.language) void i18n.changeLanguage(me.language);
    }
  }, [me, i18n]);

  const session = useMemo<Session | null>(() => (me ? { me, logout: () => void logoutAndReload() } : null), [me]);
  const refreshMe = () => queryClient.resetQueries({ queryKey: keys.me, exact: true });

  if (meQuery.isPending) {
    return (
      <Center mih="100vh">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }

  if (meQuery.isError) {
    if (isApiError(meQuery.error) && meQuery.error.status === 401) return <LoginScreen />;
    return (
      <AuthLayout title={t('common.error')}>
        <ErrorAlert error={meQuery.error} onRetry={() => void meQuery.refetch()} />
      </AuthLayout>
    );
  }

  if (!me) return <LoginScreen />;

  if (recoveryCodes) {
    return (
      <AuthLayout title={t('auth.recoveryTitle')} width={520}>
        <RecoveryCodes
          codes={recoveryCodes}
          onDone={() => {
            setRecoveryCodes(null);
            queryClient.removeQueries({ queryKey: ['totp-setup'] });
            void refreshMe();
          }}
        />
      </AuthLayout>
    );
  }

  if (!me.mfaPassed) {
    if (me.totpEnabled) return <TotpScreen />;
    return (
      <AuthLayout title={t('auth.enrolTitle')} width={520}>
        {me.totpRequired && <Text size="sm" fw={600}>{t('auth.enrolRequired')}</Text>}
        <TotpEnrolForm userId={me.id} onEnabled={setRecoveryCodes} />
        <Button variant="subtle" color="gray" size="xs" onClick={() => void logoutAndReload()} style={{ alignSelf: 'flex-start' }}>
          {t('auth.logout')}
        </Button>
      </AuthLayout>
    );
  }

  if (me.mustChangePassword) {
    return (
      <AuthLayout title={t('auth.changeTitle')} width={480}>
        <Stack gap="sm">
          <Text size="sm">{t('auth.changeForced')}</Text>
          <ChangePasswordForm
            username={me.username}
            onChanged={() => {
              notifications.show({ color: 'teal', message: t('auth.changed') });
              void refreshMe();
            }}
          />
          <Button variant="subtle" color="gray" size="xs" onClick={() => void logoutAndReload()} style={{ alignSelf: 'flex-start' }}>
            {t('auth.logout')}
          </Button>
        </Stack>
      </AuthLayout>
    );
  }

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
