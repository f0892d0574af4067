import { Alert, Anchor, Button, Center, Group, List, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCorrelations } from '../../api/exchange.ts';
import type { CorrelationHint } from '../../api/exchange.types.ts';
import { hintKindLabel } from '../../lib/exchange-labels.ts';
import { useCountryNames } from '../../lib/labels.ts';
import { ErrorAlert } from '../ErrorAlert.tsx';

/** The address of the request form pre-filled from a hint: the owner is asked without the caller learning more. */
export function requestFromHintPath(hint: CorrelationHint, about: { consignmentId?: string; warningId?: string }): string {
  const q = new URLSearchParams({ country: hint.holderCountry, hintKind: hint.kind });
  q.set('hintValue', hint.value);
  if (about.consignmentId) q.set('consignment', about.consignmentId);
  if (about.warningId) q.set('warning', about.warningId);
  return `/requests/new?${q.toString()}`;
}

/**
 * Related records: the same container, document, vessel or party in consignments and warnings the caller may
 * see (links), and — for records the caller may not see — only "another country holds related information",
 * with a button to request it.
 */
export function CorrelationPanel({ consignmentId, warningId, canRequest }: { consignmentId?: string; warningId?: string; canRequest: boolean }) {
  const { t } = useTranslation();
  const countries = useCountryNames();
  const about = { consignmentId, warningId };
  const query = useCorrelations(about);
  const data = query.data;
  return (
    <Stack gap="sm" data-testid="correlations">
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      {query.isPending && (
        <Center p="sm">
          <Loader size="sm" aria-label={t('common.loading')} />
        </Center>
      )}
      {data && data.items.length === 0 && data.hints.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('exchange.correlations.none')}
        </Text>
      )}
      {data && data.items.length > 0 && (
        <List spacing={4} size="sm" data-testid="correlation-links">
          {data.items.map((l, i) => (
            <List.Item key={`${l.type}-${l.id}-${i}`}>
              <Text span size="sm" c="dimmed">
                {hintKindLabel(t, l.on)}{' '}
              </Text>
              <Text span size="sm" className="mono">
                {l.value}
              </Text>
              {' → '}
              <Anchor component={Link} to={l.type === 'warning' ? `/warnings/${l.id}` : `/cargo/consignments/${l.id}`} size="sm">
                {l.type === 'warning' ? t('exchange.correlations.warning') : t('exchange.correlations.consignment')}
                {l.label ? ` ${l.label}` : ''}
              </Anchor>
              {l.country && (
                <Text span size="xs" c="dimmed">
                  {' '}
                  · {countries.name(l.country)}
                </Text>
              )}
            </List.Item>
          ))}
        </List>
      )}
      {data?.hints.map((h, i) => (
        <Alert key={`${h.kind}-${h.holderCountry}-${i}`} color="grape" variant="light" data-testid="correlation-hint">
          <Group justify="space-between" gap="sm" wrap="wrap">
            <Text size="sm">{t('exchange.correlations.hint', { country: countries.name(h.holderCountry), kind: hintKindLabel(t, h.kind) })}</Text>
            {canRequest && (
              <Button component={Link} to={requestFromHintPath(h, about)} size="xs" variant="light" color="grape">
                {t('exchange.correlations.requestIt')}
              </Button>
            )}
          </Group>
        </Alert>
      ))}
    </Stack>
  );
}
