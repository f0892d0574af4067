import { Badge, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { WarningFacts } from '../../api/exchange.types.ts';
import { partyRoleLabel, useCountryNames } from '../../lib/labels.ts';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text size="sm" fw={500} component="div">
        {children}
      </Text>
    </div>
  );
}

/** The facts of a warning: containers, documents, vessel, route, goods and parties (names may be redacted by the server). */
export function WarningFactsView({ facts, redacted }: { facts: WarningFacts; redacted?: boolean }) {
  const { t } = useTranslation();
  const countries = useCountryNames();
  const none = <Text span c="dimmed" size="sm">{t('common.none')}</Text>;
  return (
    <Stack gap="sm" data-testid="warning-facts">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md" verticalSpacing="sm">
        <Fact label={t('exchange.facts.containers')}>
          <span className="mono" data-testid="fact-containers">{facts.containers.join(', ') || none}</span>
        </Fact>
        <Fact label={t('exchange.facts.documents')}>
          <span className="mono">{facts.documents.join(', ') || none}</span>
        </Fact>
        <Fact label={t('exchange.facts.vessel')}>
          {facts.vesselImo ? <span className="mono">IMO {facts.vesselImo}</span> : none}
          {facts.voyage && <Text size="xs" c="dimmed">{t('consignment.voyageShort', { voyage: facts.voyage })}</Text>}
        </Fact>
        <Fact label={t('exchange.facts.route')}>
          <span className="mono">{facts.route?.length ? facts.route.join(' → ') : none}</span>
        </Fact>
      </SimpleGrid>
      {facts.goods && (
        <Fact label={t('exchange.facts.goods')}>
          <span dir="auto">{facts.goods}</span>
        </Fact>
      )}
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {t('exchange.facts.parties')}
        {redacted && (
          <Badge color="gray" variant="light" ml={6} tt="none">
            {t('exchange.facts.redacted')}
          </Badge>
        )}
      </Text>
      {facts.parties.length === 0 ? (
        none
      ) : (
        <Table verticalSpacing={4} striped data-testid="fact-parties">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('consignment.partyRole')}</Table.Th>
              <Table.Th scope="col">{t('consignment.partyName')}</Table.Th>
              <Table.Th scope="col">{t('consignment.country')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {facts.parties.map((p, i) => (
              <Table.Tr key={i}>
                <Table.Td>{p.role ? partyRoleLabel(t, p.role) : ''}</Table.Td>
                <Table.Th scope="row" fw={500}>
                  <span dir="auto">{p.name}</span>
                </Table.Th>
                <Table.Td>{p.country ? countries.name(p.country) : ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
