import { Alert, Anchor, Badge, Button, Center, Group, Loader, Paper, SimpleGrid, Stack, Text, Textarea, Timeline } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { exchangeKeys, requestsApi, useRequest } from '../api/exchange.ts';
import type { RequestDetail } from '../api/exchange.types.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { DeadlineText, isPast } from '../components/exchange/DeadlineText.tsx';
import { TlpBanner } from '../components/exchange/Tlp.tsx';
import { UnitCode } from '../components/exchange/UnitCode.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDateTime } from '../lib/format.ts';
import { hintKindLabel, requestStateLabel, REQUEST_STATE_COLORS } from '../lib/exchange-labels.ts';
import { useCountryNames } from '../lib/labels.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

function Thread({ d }: { d: RequestDetail }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const countries = useCountryNames();
  const queryClient = useQueryClient();
  const [reply, setReply] = useState('');
  const r = d.request;
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: exchangeKeys.request(r.id) });
    await queryClient.invalidateQueries({ queryKey: exchangeKeys.requestsAll });
  };
  const send = useMutation({
    mutationFn: () => requestsApi.reply(r.id, reply.trim()),
    onSuccess: async () => {
      setReply('');
      await refresh();
    },
  });
  const close = useMutation({ mutationFn: () => requestsApi.close(r.id), onSuccess: refresh });

  return (
    <Stack gap="md">
      <TlpBanner tlp={r.tlp} />
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="md">
          <Field label={t('exchange.requests.state')}>
            <Badge color={REQUEST_STATE_COLORS[r.state]} variant="light" data-testid="request-state" data-state={r.state}>
              {requestStateLabel(t, r.state)}
            </Badge>
          </Field>
          <Field label={t('exchange.requests.from')}>
            {countries.name(r.senderCountry)} · <UnitCode id={r.senderUnitId} />
          </Field>
          <Field label={t('exchange.requests.to')}>
            {countries.name(r.recipientCountry)}
            {r.recipientUnitId && (
              <>
                {' · '}
                <UnitCode id={r.recipientUnitId} />
              </>
            )}
          </Field>
          <Field label={t('exchange.requests.deadline')}>
            <DeadlineText deadline={r.deadline} overdue={r.state === 'open' && isPast(r.deadline)} />
          </Field>
          <Field label={t('exchange.requests.created')}>{formatDateTime(r.createdAt, lang)}</Field>
        </SimpleGrid>
        <Group gap="sm" mt="sm">
          {r.warningId && (
            <Anchor component={Link} to={`/warnings/${r.warningId}`} size="sm">
              {t('exchange.requests.aboutWarning')}
            </Anchor>
          )}
          {r.consignmentId && (
            <Text size="sm" c="dimmed">
              {t('exchange.requests.aboutConsignment')}
            </Text>
          )}
          {r.hintKind && (
            <Badge color="grape" variant="light">
              {t('exchange.requests.hint', { kind: hintKindLabel(t, r.hintKind) })}
              {r.hintValue ? `: ${r.hintValue}` : ''}
            </Badge>
          )}
        </Group>
      </Paper>
      <Timeline bulletSize={14} lineWidth={2} data-testid="request-thread">
        <Timeline.Item title={`${countries.name(r.senderCountry)} · ${formatDateTime(r.createdAt, lang)}`}>
          <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
            {r.body}
          </Text>
        </Timeline.Item>
        {d.replies.map((x) => (
          <Timeline.Item key={x.id} title={`${countries.name(x.country)} · ${x.unitCode} · ${formatDateTime(x.createdAt, lang)}`} data-testid="request-reply">
            <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
              {x.body}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
      {d.replies.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('exchange.requests.noReplies')}
        </Text>
      )}
      {d.can.reply && (
        <Paper withBorder p="md">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (reply.trim()) send.mutate();
            }}
          >
            <Stack gap="sm">
              <ErrorAlert error={send.error} />
              <Textarea label={t('exchange.requests.reply')} autosize minRows={3} maxLength={10000} value={reply} onChange={(e) => setReply(e.currentTarget.value)} />
              <Group justify="flex-end">
                <Button type="submit" loading={send.isPending} disabled={!reply.trim()}>
                  {t('exchange.requests.sendReply')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      )}
      {d.can.close && (
        <Group>
          <ErrorAlert error={close.error} />
          <Button variant="default" onClick={() => close.mutate()} loading={close.isPending}>
            {t('exchange.requests.close')}
          </Button>
        </Group>
      )}
      {r.state === 'closed' && <Alert variant="light">{requestStateLabel(t, 'closed')}</Alert>}
    </Stack>
  );
}

/** One request for information: the question, its links, and the thread of replies (every read is audited). */
export function RequestPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const query = useRequest(id);
  const r = query.data?.request;
  useDocumentTitle(r ? r.subject : t('exchange.requests.title'));
  return (
    <Stack gap="md">
      <PageHeader
        title={r ? r.subject : t('exchange.requests.title')}
        actions={
          <Button component={Link} to="/requests" variant="default" size="sm">
            {t('exchange.requests.back')}
          </Button>
        }
      />
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      {query.isPending && (
        <Center p="xl">
          <Loader aria-label={t('common.loading')} />
        </Center>
      )}
      {query.data && <Thread d={query.data} />}
    </Stack>
  );
}
