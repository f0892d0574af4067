import { Alert, Badge, Button, Checkbox, Group, Modal, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deliveryKeys, useWebhookDeliveries, useWebhooks, webhooksApi } from '../api/delivery.ts';
import { NOTIFICATION_KINDS, type NotificationKind, type Webhook } from '../api/delivery.types.ts';
import { isApiError } from '../api/client.ts';
import { useMe } from '../auth/session.tsx';
import { kindLabel } from '../components/delivery/kindLabel.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { ListPager } from '../components/ListPager.tsx';
import { OneTimeSecret } from '../components/OneTimeSecret.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { TableState } from '../components/TableState.tsx';
import { formatDateTime } from '../lib/format.ts';
import { useCountryNames } from '../lib/labels.ts';
import { errorMessage } from '../lib/errors.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

function NewWebhookModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const countries = useCountryNames();
  const qc = useQueryClient();
  const [url, setUrl] = useState('https://');
  const [country, setCountry] = useState<string | null>(me.country);
  const [events, setEvents] = useState<NotificationKind[]>(['warning.received', 'warning.matched', 'request.received']);
  const create = useMutation({
    mutationFn: () => webhooksApi.create({ url, events, ...(me.role === 'network_admin' && country ? { country } : {}) }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: deliveryKeys.webhooks }),
  });
  const field = isApiError(create.error) ? create.error.field : null;
  return (
    <Modal opened onClose={onClose} title={t('delivery.webhooks.new')} size="lg">
      {create.data ? (
        <Stack>
          <Text size="sm">{t('delivery.webhooks.secretIntro')}</Text>
          <OneTimeSecret value={create.data.secret} label={t('delivery.webhooks.secret')} />
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('delivery.webhooks.done')}</Button>
          </Group>
        </Stack>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <Stack>
            <TextInput label={t('delivery.webhooks.url')} description={t('delivery.webhooks.urlHelp')} value={url} onChange={(e) => setUrl(e.currentTarget.value)} required error={field === 'url' ? errorMessage(create.error) : undefined} data-autofocus />
            {me.role === 'network_admin' && (
              <Select label={t('delivery.webhooks.country')} data={countries.memberOptions} value={country} onChange={setCountry} searchable required error={field === 'country' ? errorMessage(create.error) : undefined} />
            )}
            <Checkbox.Group label={t('delivery.webhooks.events')} value={events} onChange={(v) => setEvents(v as NotificationKind[])} error={field?.startsWith('events') ? errorMessage(create.error) : undefined}>
              <Stack gap={6} mt={6}>
                {NOTIFICATION_KINDS.map((k) => (
                  <Checkbox key={k} value={k} label={kindLabel(t, k)} />
                ))}
              </Stack>
            </Checkbox.Group>
            <Text size="xs" c="dimmed">
              {t('delivery.webhooks.payloadHelp')}
            </Text>
            {create.error && !field && <ErrorAlert error={create.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('delivery.webhooks.cancel')}
              </Button>
              <Button type="submit" loading={create.isPending} disabled={events.length === 0}>
                {t('delivery.webhooks.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function DeliveriesModal({ hook, onClose }: { hook: Webhook; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [offset, setOffset] = useState(0);
  const q = useWebhookDeliveries(hook.id, offset);
  const rows = q.data?.data ?? [];
  return (
    <Modal opened onClose={onClose} title={t('delivery.webhooks.log', { url: hook.url })} size="xl">
      <Stack>
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs" striped data-testid="deliveries-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('delivery.webhooks.when')}</Table.Th>
                <Table.Th scope="col">{t('delivery.webhooks.event')}</Table.Th>
                <Table.Th scope="col">{t('delivery.webhooks.state')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('delivery.webhooks.attempts')}
                </Table.Th>
                <Table.Th scope="col">{t('delivery.webhooks.lastAnswer')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <TableState colSpan={5} loading={q.isPending} empty={!q.isPending && rows.length === 0} emptyText={t('delivery.webhooks.noDeliveries')} />
              {rows.map((d) => (
                <Table.Tr key={d.id} data-state={d.state}>
                  <Table.Td className="nowrap">{formatDateTime(d.createdAt, i18n.language)}</Table.Td>
                  <Table.Td>{NOTIFICATION_KINDS.includes(d.event as NotificationKind) ? kindLabel(t, d.event as NotificationKind) : d.event}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={d.state === 'delivered' ? 'teal' : d.state === 'failed' ? 'red' : 'yellow'}>
                      {t(`delivery.webhooks.states.${d.state}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">{d.attempts}</Table.Td>
                  <Table.Td>
                    <Text size="sm" className="mono">
                      {d.lastStatus ?? ''} {d.lastError ?? ''}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <ListPager page={q.data?.page} onPage={setOffset} />
      </Stack>
    </Modal>
  );
}

/** Webhooks for national systems: coordinators manage their country's, the network admin everyone's. */
export function WebhooksPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('delivery.webhooks.title'));
  const countries = useCountryNames();
  const qc = useQueryClient();
  const list = useWebhooks();
  const [creating, setCreating] = useState(false);
  const [log, setLog] = useState<Webhook | null>(null);
  const toggle = useMutation({
    mutationFn: (h: Webhook) => webhooksApi.update(h.id, { active: !h.active }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: deliveryKeys.webhooks }),
  });
  const remove = useMutation({
    mutationFn: (h: Webhook) => webhooksApi.remove(h.id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: deliveryKeys.webhooks }),
  });
  const rows = list.data ?? [];
  return (
    <Stack gap="md">
      <PageHeader title={t('delivery.webhooks.title')} intro={t('delivery.webhooks.intro')} actions={<Button onClick={() => setCreating(true)}>{t('delivery.webhooks.new')}</Button>} />
      <Alert variant="light" color="blue">
        <Text size="sm">{t('delivery.webhooks.signatureHelp')}</Text>
      </Alert>
      <ErrorAlert error={list.error ?? toggle.error ?? remove.error} onRetry={() => void list.refetch()} />
      <Table.ScrollContainer minWidth={820}>
        <Table verticalSpacing="xs" striped data-testid="webhooks-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('delivery.webhooks.url')}</Table.Th>
              <Table.Th scope="col">{t('delivery.webhooks.country')}</Table.Th>
              <Table.Th scope="col">{t('delivery.webhooks.events')}</Table.Th>
              <Table.Th scope="col">{t('delivery.webhooks.active')}</Table.Th>
              <Table.Th scope="col">{t('delivery.webhooks.created')}</Table.Th>
              <Table.Th scope="col">{t('delivery.webhooks.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState colSpan={6} loading={list.isPending} empty={!list.isPending && rows.length === 0} emptyText={t('delivery.webhooks.empty')} />
            {rows.map((h) => (
              <Table.Tr key={h.id} data-testid="webhook-row">
                <Table.Th scope="row" fw={500}>
                  <Text size="sm" className="mono" style={{ wordBreak: 'break-all' }}>
                    {h.url}
                  </Text>
                </Table.Th>
                <Table.Td>{countries.name(h.country)}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {h.events.map((e) => (
                      <Badge key={e} variant="outline" size="sm">
                        {kindLabel(t, e)}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Switch checked={h.active} disabled={!h.can.update} onChange={() => toggle.mutate(h)} aria-label={t('delivery.webhooks.activeOf', { url: h.url })} />
                </Table.Td>
                <Table.Td className="nowrap">{formatDateTime(h.createdAt, i18n.language)}</Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button size="compact-sm" variant="subtle" onClick={() => setLog(h)}>
                      {t('delivery.webhooks.showLog')}
                    </Button>
                    {h.can.delete && (
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="red"
                        onClick={() => {
                          if (window.confirm(t('delivery.webhooks.confirmDelete', { url: h.url }))) remove.mutate(h);
                        }}
                      >
                        {t('delivery.webhooks.delete')}
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {creating && <NewWebhookModal onClose={() => setCreating(false)} />}
      {log && <DeliveriesModal hook={log} onClose={() => setLog(null)} />}
    </Stack>
  );
}
