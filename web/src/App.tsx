import { MantineProvider } from '@mantine/core';
import { Notifications, notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { isApiError } from './api/client.ts';
import { keys } from './api/queries.ts';
import { SessionGate } from './auth/SessionGate.tsx';
import { AppRoutes } from './routes/AppRoutes.tsx';
import { buildTheme } from './theme.ts';
import i18n from './i18n/index.ts';

/** Errors meaning "the session is gone or not complete": the gate re-reads /me and shows the right screen. */
const SESSION_CODES = new Set(['UNAUTHENTICATED', 'TOTP_REQUIRED', 'TOTP_SETUP_REQUIRED', 'PASSWORD_CHANGE_REQUIRED']);

function onApiError(error: unknown, isMeQuery: boolean) {
  if (isMeQuery || !isApiError(error) || !SESSION_CODES.has(error.code)) return;
  if (error.code === 'UNAUTHENTICATED') {
    notifications.show({ id: 'session-ended', color: 'yellow', message: i18n.t('auth.sessionEnded') });
  }
  void queryClient.invalidateQueries({ queryKey: keys.me, exact: true });
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error, query) => onApiError(error, query.queryKey[0] === 'me' && query.queryKey.length === 1) }),
  mutationCache: new MutationCache({ onError: (error) => onApiError(error, false) }),
  defaultOptions: {
    queries: {
      retry: (count, error) => !(isApiError(error) && error.status > 0 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
    mutations: { retry: false },
  },
});

export function App() {
  const { t, i18n } = useTranslation();
  // Rebuilt when the language changes (t changes with it).
  const theme = useMemo(() => buildTheme(t), [t, i18n.language]);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="bottom-right" />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <SessionGate>
            <AppRoutes />
          </SessionGate>
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
