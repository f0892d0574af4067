import { Anchor, Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { WarningDetail } from '../../api/exchange.types.ts';
import { formatDateTime } from '../../lib/format.ts';
import { feedbackActionLabel, feedbackResultLabel, hintKindLabel, isHintKind } from '../../lib/exchange-labels.ts';
import { useCountryNames } from '../../lib/labels.ts';

const CHECK = '✓';

/**
 * The sender's view of use: one row per receiving country — read (audited reads), acknowledged, action taken
 * and result (latest feedback) — then the use log (reads, feedback, forwards, downloads) and the matches.
 */
export function RecipientStatus({ detail }: { detail: WarningDetail }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const countries = useCountryNames();
  const { warning, recipients, feedback, use, matches } = detail;
  const order: string[] = [];
  const add = (c: string | null | undefined) => {
    if (c && c !== warning.senderCountry && !order.includes(c)) order.push(c);
  };
  recipients.forEach((r) => add(r.country));
  feedback.forEach((f) => add(f.country));
  use.filter((u) => u.type === 'warning.read').forEach((u) => add(u.country));

  const typeLabel = (type: string) => {
    const key = `exchange.useTypes.${type.replace('warning.', '')}`;
    return i18n.exists(key) ? (t as unknown as (k: string) => string)(key) : type;
  };

  return (
    <Stack gap="md">
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="xs" striped data-testid="recipient-status">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('exchange.status.country')}</Table.Th>
              <Table.Th scope="col">{t('exchange.status.read')}</Table.Th>
              <Table.Th scope="col">{t('exchange.status.acknowledged')}</Table.Th>
              <Table.Th scope="col">{t('exchange.status.actioned')}</Table.Th>
              <Table.Th scope="col">{t('exchange.status.result')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {order.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={5}>
                  <Text size="sm" c="dimmed">
                    {t('exchange.status.nobodyYet')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {order.map((c) => {
              const read = use.find((u) => u.type === 'warning.read' && u.country === c);
              const fb = feedback.filter((f) => f.country === c);
              const latest = fb[0];
              const actioned = fb.find((f) => f.status === 'actioned');
              return (
                <Table.Tr key={c} data-country={c}>
                  <Table.Th scope="row">{countries.name(c)}</Table.Th>
                  <Table.Td>{read ? `${CHECK} ${formatDateTime(read.at, lang)}` : t('exchange.status.notYet')}</Table.Td>
                  <Table.Td>{fb.length ? CHECK : t('exchange.status.notYet')}</Table.Td>
                  <Table.Td>{actioned ? (actioned.action ? feedbackActionLabel(t, actioned.action) : CHECK) : t('exchange.status.notYet')}</Table.Td>
                  <Table.Td data-testid="status-result">
                    {latest ? (
                      <Badge color={latest.result === 'seizure' ? 'red' : latest.result === 'irregularity' ? 'orange' : 'gray'} variant="light">
                        {feedbackResultLabel(t, latest.result)}
                      </Badge>
                    ) : (
                      t('exchange.status.notYet')
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Title order={3} size="h5">
        {t('exchange.status.useLog')}
      </Title>
      {use.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('exchange.status.noUse')}
        </Text>
      ) : (
        <Table verticalSpacing={4} striped data-testid="use-log">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('exchange.status.event')}</Table.Th>
              <Table.Th scope="col">{t('exchange.status.country')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('exchange.status.times')}
              </Table.Th>
              <Table.Th scope="col">{t('exchange.status.last')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {use.map((u, i) => (
              <Table.Tr key={i}>
                <Table.Td>{typeLabel(u.type)}</Table.Td>
                <Table.Td>{u.country ? countries.name(u.country) : t('common.none')}</Table.Td>
                <Table.Td ta="right">{u.n}</Table.Td>
                <Table.Td>{formatDateTime(u.at, lang)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Title order={3} size="h5">
        {t('exchange.status.matches', { count: matches.length })}
      </Title>
      {matches.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('exchange.status.noMatches')}
        </Text>
      ) : (
        <Table verticalSpacing={4} striped data-testid="matches">
          <Table.Tbody>
            {matches.map((m, i) => (
              <Table.Tr key={i}>
                <Table.Td>{countries.name(m.country)}</Table.Td>
                <Table.Td>{isHintKind(m.matchedOn) ? hintKindLabel(t, m.matchedOn) : m.matchedOn}</Table.Td>
                <Table.Td className="mono">{m.value}</Table.Td>
                <Table.Td>
                  {m.consignmentId ? (
                    <Anchor component={Link} to={`/cargo/consignments/${m.consignmentId}`} size="sm">
                      {t('exchange.status.openConsignment')}
                    </Anchor>
                  ) : (
                    <Text span size="sm" c="dimmed">
                      {t('exchange.status.otherCountryRecord')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{formatDateTime(m.createdAt, lang)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
