import { Alert, Anchor, Badge, Button, Center, Grid, Group, List, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { exchangeKeys, useWarning, warningsApi } from '../api/exchange.ts';
import type { Feedback, WarningDetail } from '../api/exchange.types.ts';
import type { Me } from '../api/types.ts';
import { useMe } from '../auth/session.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { canWriteWarnings } from '../components/exchange/access.ts';
import { Attachments } from '../components/exchange/Attachments.tsx';
import { CorrelationPanel } from '../components/exchange/CorrelationPanel.tsx';
import { DeadlineText, isPast } from '../components/exchange/DeadlineText.tsx';
import { FeedbackForm } from '../components/exchange/FeedbackForm.tsx';
import { ForwardModal } from '../components/exchange/ForwardModal.tsx';
import { RecipientStatus } from '../components/exchange/RecipientStatus.tsx';
import { TlpBanner } from '../components/exchange/Tlp.tsx';
import { UnitCode } from '../components/exchange/UnitCode.tsx';
import { WarningFactsView } from '../components/exchange/WarningFactsView.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDate, formatDateTime } from '../lib/format.ts';
import { distributionLabel, feedbackActionLabel, feedbackResultLabel, feedbackStatusLabel, forwardScope, tlpKey, warningStateLabel, WARNING_STATE_COLORS } from '../lib/exchange-labels.ts';
import { useCountryNames } from '../lib/labels.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

function Section({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) {
  return (
    <Paper withBorder p="md" component="section" data-testid={testId}>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

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

export function isSenderSide(me: Me, w: { senderUnitId: string; senderCountry: string }): boolean {
  return me.unit?.id === w.senderUnitId || (me.role === 'national_coordinator' && me.country === w.senderCountry);
}

function FeedbackList({ feedback }: { feedback: Feedback[] }) {
  const { t, i18n } = useTranslation();
  const countries = useCountryNames();
  if (feedback.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('exchange.feedback.none')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="xs" striped data-testid="feedback-list">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('exchange.feedback.from')}</Table.Th>
            <Table.Th scope="col">{t('exchange.feedback.status')}</Table.Th>
            <Table.Th scope="col">{t('exchange.feedback.action')}</Table.Th>
            <Table.Th scope="col">{t('exchange.feedback.result')}</Table.Th>
            <Table.Th scope="col">{t('exchange.feedback.notes')}</Table.Th>
            <Table.Th scope="col">{t('exchange.feedback.at')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {feedback.map((f) => (
            <Table.Tr key={f.id} data-testid="feedback-item">
              <Table.Td className="nowrap">
                {countries.name(f.country)} · <UnitCode id={f.unitId} />
              </Table.Td>
              <Table.Td>{feedbackStatusLabel(t, f.status)}</Table.Td>
              <Table.Td>{f.action ? feedbackActionLabel(t, f.action) : t('common.none')}</Table.Td>
              <Table.Td>
                <Badge color={f.result === 'seizure' ? 'red' : f.result === 'irregularity' ? 'orange' : 'gray'} variant="light">
                  {feedbackResultLabel(t, f.result)}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
                  {f.notes ?? ''}
                </Text>
              </Table.Td>
              <Table.Td className="nowrap">{formatDateTime(f.createdAt, i18n.language)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Details({ d }: { d: WarningDetail }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe();
  const queryClient = useQueryClient();
  const countries = useCountryNames();
  const [forwarding, setForwarding] = useState(false);
  const w = d.warning;
  const sender = isSenderSide(me, w);
  const answered = d.feedback.some((f) => f.country === me.country);
  const approve = useMutation({
    mutationFn: () => warningsApi.approve(w.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: exchangeKeys.warning(w.id) });
      await queryClient.invalidateQueries({ queryKey: exchangeKeys.warningsAll });
    },
  });
  const requestPath = `/requests/new?country=${encodeURIComponent(w.senderCountry)}&warning=${encodeURIComponent(w.id)}`;

  return (
    <Stack gap="md">
      <TlpBanner tlp={w.tlp} />
      {w.state === 'pending_approval' && (
        <Alert color="yellow" variant="light" title={t('exchange.warning.pendingTitle')} data-testid="pending-approval">
          <Group justify="space-between" gap="sm" wrap="wrap">
            <Text size="sm">{d.can.approve ? t('exchange.warning.pendingYou') : t('exchange.warning.pendingOther')}</Text>
            {d.can.approve && (
              <Button color="yellow" onClick={() => approve.mutate()} loading={approve.isPending}>
                {t('exchange.warning.approve')}
              </Button>
            )}
          </Group>
          <ErrorAlert error={approve.error} />
        </Alert>
      )}
      {w.forwardedFrom && (
        <Alert color="blue" variant="light">
          {t('exchange.warning.forwardedFrom')}{' '}
          <Anchor component={Link} to={`/warnings/${w.forwardedFrom}`}>
            {t('exchange.warning.original')}
          </Anchor>
        </Alert>
      )}
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="md" verticalSpacing="sm">
          <Field label={t('exchange.warnings.state')}>
            <Badge color={WARNING_STATE_COLORS[w.state]} variant="light" data-testid="warning-state" data-state={w.state}>
              {warningStateLabel(t, w.state)}
            </Badge>
          </Field>
          <Field label={t('exchange.warnings.sender')}>
            {countries.name(w.senderCountry)} · <UnitCode id={w.senderUnitId} />
          </Field>
          <Field label={t('exchange.warnings.deadline')}>
            <DeadlineText deadline={w.deadline} overdue={w.state === 'sent' && isPast(w.deadline) && (sender ? d.feedback.length === 0 : !answered)} />
          </Field>
          <Field label={t('exchange.warning.sentAt')}>{w.sentAt ? formatDateTime(w.sentAt, lang) : t('common.none')}</Field>
          <Field label={t('exchange.warning.expires')}>{formatDate(w.expiresAt, lang)}</Field>
          <Field label={t('exchange.warning.distribution')}>
            <span data-testid="warning-distribution">{distributionLabel(t, w.distribution)}</span>
          </Field>
        </SimpleGrid>
        {d.recipients.length > 0 && (
          <Stack gap={4} mt="sm">
            <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
              {t('exchange.warning.recipients')}
            </Text>
            <List size="sm" spacing={2} data-testid="warning-recipients">
              {d.recipients.map((r, i) => (
                <List.Item key={i}>
                  {countries.name(r.country)}
                  {r.unitId ? (
                    <>
                      {' · '}
                      <UnitCode id={r.unitId} />
                    </>
                  ) : (
                    <Text span size="sm" c="dimmed">
                      {' '}
                      ({t('exchange.recipients.allUnits')})
                    </Text>
                  )}
                </List.Item>
              ))}
            </List>
          </Stack>
        )}
      </Paper>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <Section title={t('exchange.warning.facts')}>
              <WarningFactsView facts={w.facts} redacted={w.redacted} />
            </Section>
            <Section title={t('exchange.warning.reasons')}>
              <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap' }} data-testid="warning-reasons">
                {w.reasons}
              </Text>
            </Section>
            <Section title={t('exchange.warning.requestedAction')}>
              <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
                {w.requestedAction}
              </Text>
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            {d.can.feedback && (
              <Section title={t('exchange.feedback.title')} testId="feedback-section">
                <FeedbackForm warningId={w.id} />
              </Section>
            )}
            <Section title={t('exchange.attachments.title')}>
              <Attachments warningId={w.id} attachments={d.attachments ?? []} canAttach={Boolean(d.can.attach)} />
            </Section>
            <Section title={t('exchange.correlations.title')} testId="correlation-section">
              <CorrelationPanel warningId={w.id} canRequest={canWriteWarnings(me)} />
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>
      {sender && (
        <Section title={t('exchange.status.title')} testId="sender-status">
          <RecipientStatus detail={d} />
        </Section>
      )}
      <Section title={sender ? t('exchange.feedback.allTitle') : t('exchange.feedback.ownTitle')} testId="feedback">
        <FeedbackList feedback={d.feedback} />
      </Section>
      {!sender && (canWriteWarnings(me) || d.can.forward) && (
        <Group gap="xs">
          {canWriteWarnings(me) && (
            <Button component={Link} to={requestPath} variant="light">
              {t('exchange.warning.askSender')}
            </Button>
          )}
          {d.can.forward && (
            <Button variant="default" onClick={() => setForwarding(true)}>
              {t('exchange.forward.open')}
            </Button>
          )}
        </Group>
      )}
      {!sender && w.state === 'sent' && forwardScope(w.tlp) === 'never' && (
        // Why there is no "Forward…": the marking forbids it (the server refuses it too).
        <Alert color="red" variant="light" data-testid="forward-refused">
          {t(`exchange.tlp.forward.${tlpKey(w.tlp)}`)}
        </Alert>
      )}
      {forwarding && me.country && <ForwardModal warningId={w.id} tlp={w.tlp} myCountry={me.country} onClose={() => setForwarding(false)} />}
    </Stack>
  );
}

/** One warning: TLP banner, facts, reasons, requested action; approval, feedback, attachments, forwarding, correlations; the sender's status per recipient. */
export function WarningPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const query = useWarning(id);
  const w = query.data?.warning;
  useDocumentTitle(w ? w.subject : t('exchange.warning.title'));
  return (
    <Stack gap="md">
      <PageHeader
        title={w ? w.subject : t('exchange.warning.title')}
        intro={w ? t('exchange.warning.intro', { at: w.createdAt.slice(0, 10) }) : undefined}
        actions={
          <Button component={Link} to="/warnings" variant="default" size="sm">
            {t('exchange.warning.back')}
          </Button>
        }
      />
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      {query.isPending && (
        <Center p="xl">
          <Loader aria-label={t('common.loading')} />
        </Center>
      )}
      {query.data && <Details d={query.data} />}
    </Stack>
  );
}
