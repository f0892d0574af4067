import { Badge, Button, Group, Modal, NumberInput, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { meApi } from '../api/endpoints.ts';
import { keys, useTokens, useUnit } from '../api/queries.ts';
import type { ApiToken } from '../api/types.ts';
import { useMe } from '../auth/session.tsx';
import { ChangePasswordForm } from '../components/ChangePasswordForm.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { OneTimeSecret } from '../components/OneTimeSecret.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { RecoveryCodes } from '../components/RecoveryCodes.tsx';
import { TableState } from '../components/TableState.tsx';
import { TotpEnrolForm } from '../components/TotpEnrolForm.tsx';
import { formatDate, formatDateTime } from '../lib/format.ts';
import { errorMessage } from '../lib/errors.ts';
import { localName, roleLabel, useCountryNames } from '../lib/labels.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

function Section({ title, id, children }: { title: string; id: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500}>
        {children}
      </Text>
    </div>
  );
}

function TwoFactorSection() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [enrolling, setEnrolling] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  const finish = () => {
    setEnrolling(false);
    setCodes(null);
    queryClient.removeQueries({ queryKey: ['totp-setup'] });
    notifications.show({ color: 'teal', message: t('profile.enabledDone') });
    void queryClient.invalidateQueries({ queryKey: keys.me, exact: true });
  };
  return (
    <Section title={t('profile.twoFactor')} id="profile-2fa">
      <Group gap="sm" mb="xs">
        <Badge color={me.totpEnabled ? 'teal' : 'gray'} variant="light" size="lg">
          {me.totpEnabled ? t('profile.twoFactorOn') : t('profile.twoFactorOff')}
        </Badge>
        {me.totpRequired && (
          <Text size="sm" c="dimmed">
            {t('profile.twoFactorRequired')}
          </Text>
        )}
      </Group>
      <Text size="sm" mb="sm">
        {me.totpEnabled ? t('profile.twoFactorOnText') : t('profile.twoFactorOffText')}
      </Text>
      {!me.totpEnabled && <Button onClick={() => setEnrolling(true)}>{t('profile.setUp')}</Button>}
      {enrolling && (
        <Modal opened onClose={() => (codes ? finish() : setEnrolling(false))} title={codes ? t('auth.recoveryTitle') : t('auth.enrolTitle')} size="lg" closeOnClickOutside={!codes}>
          {codes ? <RecoveryCodes codes={codes} onDone={finish} /> : <TotpEnrolForm userId={me.id} onEnabled={setCodes} />}
        </Modal>
      )}
    </Section>
  );
}

function tokenStatus(tk: ApiToken): 'revoked' | 'expired' | 'active' {
  if (tk.revokedAt) return 'revoked';
  if (tk.expiresAt && new Date(tk.expiresAt) <= new Date()) return 'expired';
  return 'active';
}

function TokensSection() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const queryClient = useQueryClient();
  const tokens = useTokens();
  const [created, setCreated] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const form = useForm<{ name: string; expiresInDays: number | string }>({
    initialValues: { name: '', expiresInDays: 90 },
    validate: {
      name: (v) => (v.trim() ? null : t('validation.required')),
      expiresInDays: (v) => (v === '' || (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 3650) ? null : t('validation.invalid')),
    },
  });
  const create = useMutation({
    mutationFn: (v: { name: string; expiresInDays: number | string }) => meApi.createToken(v.name.trim(), v.expiresInDays === '' ? undefined : Number(v.expiresInDays)),
    onSuccess: (r) => {
      setCreated(r.token);
      form.reset();
      void queryClient.invalidateQueries({ queryKey: keys.tokens });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => meApi.revokeToken(id),
    onSuccess: () => {
      setRevoking(null);
      notifications.show({ color: 'teal', message: t('profile.revokedDone') });
      void queryClient.invalidateQueries({ queryKey: keys.tokens });
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  const list = tokens.data ?? [];
  const statusLabel = { revoked: t('profile.statusRevoked'), expired: t('profile.statusExpired'), active: t('profile.statusActive') };

  return (
    <Section title={t('profile.tokens')} id="profile-tokens">
      <Text size="sm" mb="sm">
        {t('profile.tokensIntro')}
      </Text>
      <ErrorAlert error={tokens.error} onRetry={() => void tokens.refetch()} />
      <Table.ScrollContainer minWidth={680}>
        <Table verticalSpacing="xs" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('profile.tokenName')}</Table.Th>
              <Table.Th scope="col">{t('profile.prefix')}</Table.Th>
              <Table.Th scope="col">{t('profile.createdAt')}</Table.Th>
              <Table.Th scope="col">{t('profile.lastUsed')}</Table.Th>
              <Table.Th scope="col">{t('profile.expires')}</Table.Th>
              <Table.Th scope="col">{t('profile.tokenStatus')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState colSpan={7} loading={tokens.isPending} empty={!tokens.isPending && list.length === 0} emptyText={t('profile.noTokens')} />
            {list.map((tk) => {
              const status = tokenStatus(tk);
              return (
                <Table.Tr key={tk.id}>
                  <Table.Th scope="row" fw={500}>
                    {tk.name}
                  </Table.Th>
                  <Table.Td className="mono">{tk.prefix}…</Table.Td>
                  <Table.Td className="nowrap">{formatDate(tk.createdAt, lang)}</Table.Td>
                  <Table.Td className="nowrap">{tk.lastUsedAt ? formatDateTime(tk.lastUsedAt, lang) : t('common.never')}</Table.Td>
                  <Table.Td className="nowrap">{tk.expiresAt ? formatDate(tk.expiresAt, lang) : t('profile.noExpiry')}</Table.Td>
                  <Table.Td>
                    <Badge color={status === 'active' ? 'teal' : 'gray'} variant="light">
                      {statusLabel[status]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {status === 'active' && (
                      <Button size="xs" variant="subtle" color="red" aria-label={t('profile.revokeAction', { name: tk.name })} onClick={() => setRevoking(tk)}>
                        {t('profile.revoke')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
        <Stack gap="sm" mt="md">
          <ErrorAlert error={create.error} />
          <SimpleGrid cols={{ base: 1, sm: 3 }} style={{ alignItems: 'end' }}>
            <TextInput label={t('profile.tokenName')} description={t('profile.tokenNameHint')} required maxLength={100} {...form.getInputProps('name')} />
            <NumberInput label={t('profile.expiresInDays')} description={t('profile.expiresHint')} min={1} max={3650} allowDecimal={false} allowNegative={false} {...form.getInputProps('expiresInDays')} />
            <Button type="submit" loading={create.isPending} style={{ justifySelf: 'start' }}>
              {t('profile.createToken')}
            </Button>
          </SimpleGrid>
        </Stack>
      </form>
      {created && (
        <Modal opened onClose={() => setCreated(null)} title={t('profile.tokenCreatedTitle')} size="lg" closeOnClickOutside={false}>
          <Stack>
            <OneTimeSecret value={created} label={t('profile.tokenCreatedTitle')}>
              <Text size="sm">{t('profile.tokenCreatedText')}</Text>
            </OneTimeSecret>
            <Group justify="flex-end">
              <Button onClick={() => setCreated(null)}>{t('common.done')}</Button>
            </Group>
          </Stack>
        </Modal>
      )}
      {revoking && (
        <Modal opened onClose={() => setRevoking(null)} title={t('profile.revokeTitle', { name: revoking.name })}>
          <Stack>
            <Text size="sm">{t('profile.revokeText')}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRevoking(null)}>
                {t('common.cancel')}
              </Button>
              <Button color="red" loading={revoke.isPending} onClick={() => revoke.mutate(revoking.id)}>
                {t('profile.revoke')}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Section>
  );
}

export function ProfilePage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('profile.title'));
  const me = useMe();
  const unit = useUnit(me.unit?.id);
  const { name } = useCountryNames();
  return (
    <Stack gap="md" maw={1000}>
      <PageHeader title={t('profile.title')} />
      <Section title={t('profile.account')} id="profile-account">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
          <Fact label={t('users.username')}>
            <span className="mono">{me.username}</span>
          </Fact>
          <Fact label={t('users.displayName')}>{me.displayName}</Fact>
          <Fact label={t('users.role')}>{roleLabel(t, me.role)}</Fact>
          <Fact label={t('users.unit')}>{me.unit ? `${me.unit.code} — ${unit.data ? localName(i18n.language, unit.data) : me.unit.name}` : t('common.none')}</Fact>
          <Fact label={t('users.country')}>{me.country ? name(me.country) : t('dashboard.noCountry')}</Fact>
          <Fact label={t('users.language')}>{me.language === 'ru' ? t('language.ruName') : t('language.enName')}</Fact>
        </SimpleGrid>
      </Section>
      <Section title={t('profile.password')} id="profile-password">
        <ChangePasswordForm username={me.username} onChanged={() => notifications.show({ color: 'teal', message: t('auth.changed') })} />
      </Section>
      <TwoFactorSection />
      <TokensSection />
    </Stack>
  );
}
