import { Alert, Anchor, Badge, Button, Center, Grid, Group, List, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useConsignment, useConsignmentRisk } from '../api/queries.ts';
import type { ConsignmentDetail, ConsignmentRisk } from '../api/types.ts';
import { useMe } from '../auth/session.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { canWriteWarnings } from '../components/exchange/access.ts';
import { CorrelationPanel } from '../components/exchange/CorrelationPanel.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ReasonList } from '../components/ReasonList.tsx';
import { DecisionBadge, LaneBadge, QualityBadge, ScoreBadge } from '../components/RiskBadges.tsx';
import { RiskActions } from '../components/RiskActions.tsx';
import { RouteMap, routeRoles } from '../components/RouteMap.tsx';
import { formatDate, formatDateTime, formatDecimal, formatNumber } from '../lib/format.ts';
import { documentTypeLabel, methodLabel, modeLabel, outcomeLabel, partyRoleLabel, problemLevelLabel, useCountryNames } from '../lib/labels.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

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

function Section({ title, children, count, testId }: { title: string; children: React.ReactNode; count?: number; testId?: string }) {
  return (
    <Paper withBorder p="md" component="section" data-testid={testId}>
      <Title order={2} size="h4" mb="sm">
        {title}
        {count !== undefined && (
          <Text span c="dimmed" fw={400} size="md">
            {' '}
            ({count})
          </Text>
        )}
      </Title>
      {children}
    </Paper>
  );
}

function RiskPanel({ id, documentNumber }: { id: string; documentNumber: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const query = useConsignmentRisk(id);
  const risk: ConsignmentRisk | undefined = query.data;
  return (
    <Section title={t('consignment.risk')} testId="risk-panel">
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      {query.isPending && (
        <Center p="md">
          <Loader size="sm" aria-label={t('common.loading')} />
        </Center>
      )}
      {risk && (
        <Stack gap="sm">
          {risk.score === null ? (
            <Text size="sm" c="dimmed">
              {t('consignment.notAssessed')}
            </Text>
          ) : (
            <Group gap="sm">
              <ScoreBadge score={risk.score} size="xl" />
              {risk.suggestedLane && <LaneBadge lane={risk.suggestedLane} prefix={t('queue.suggested')} />}
              {risk.assessedAt && (
                <Text size="xs" c="dimmed">
                  {t('consignment.assessedAt', { at: formatDateTime(risk.assessedAt, lang) })}
                </Text>
              )}
            </Group>
          )}
          {risk.decision ? (
            <Stack gap={2}>
              <Group gap={6}>
                <Text size="sm" fw={600}>
                  {t('consignment.decision')}:
                </Text>
                <DecisionBadge decision={risk.decision.decision} lane={risk.decision.lane} random={risk.decision.random} />
                <Text size="xs" c="dimmed">
                  {formatDateTime(risk.decision.decidedAt, lang)}
                </Text>
              </Group>
              {risk.decision.comment && <Text size="sm">“{risk.decision.comment}”</Text>}
            </Stack>
          ) : (
            <Text size="sm" c="dimmed">
              {t('consignment.noDecision')}
            </Text>
          )}
          {risk.can.decide && <RiskActions consignment={{ id, documentNumber }} suggestedLane={risk.suggestedLane} size="xs" />}
          <Title order={3} size="h5" mt="xs">
            {t('risk.reasons')}
          </Title>
          <ReasonList reasons={risk.reasons} />
          <Title order={3} size="h5" mt="xs">
            {t('consignment.inspections', { count: risk.inspections.length })}
          </Title>
          {risk.inspections.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('consignment.noInspections')}
            </Text>
          ) : (
            <List spacing={4} size="sm" data-testid="inspections">
              {risk.inspections.map((r) => (
                <List.Item key={r.id}>
                  <Badge color={r.outcome === 'no_find' ? 'gray' : r.outcome === 'seizure' ? 'red' : 'orange'} variant="light" mr={6}>
                    {outcomeLabel(t, r.outcome)}
                  </Badge>
                  {methodLabel(t, r.method)} · {formatDateTime(r.inspectedAt, lang)}
                  {r.outcome === 'seizure' && risk.can.decide && (
                    <Anchor component={Link} to={`/seizures/new?consignment=${id}&inspection=${r.id}`} size="sm" ml="xs" data-testid="record-seizure">
                      {t('consignment.recordSeizure')}
                    </Anchor>
                  )}
                  {r.notes && (
                    <Text size="sm" c="dimmed">
                      {r.notes}
                    </Text>
                  )}
                </List.Item>
              ))}
            </List>
          )}
        </Stack>
      )}
    </Section>
  );
}

function Details({ d }: { d: ConsignmentDetail }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const countries = useCountryNames();
  const me = useMe();
  const c = d.consignment;
  const places = useMemo(() => routeRoles(d.route, c), [d.route, c]);
  const num = (n: number | null, unit?: string) => (n === null ? '' : `${formatNumber(n, lang)}${unit ? ` ${unit}` : ''}`);
  const current = d.versions.find((v) => v.isCurrent);

  return (
    <Stack gap="md">
      {!c.isCurrent && current && (
        <Alert color="yellow" variant="light">
          {t('consignment.oldVersion', { version: c.version })}{' '}
          <Anchor component={Link} to={`/cargo/consignments/${current.id}`}>
            {t('consignment.openCurrent', { version: current.version })}
          </Anchor>
        </Alert>
      )}
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="md" verticalSpacing="sm">
          <Fact label={t('consignment.mode')}>{modeLabel(t, c.mode)}</Fact>
          <Fact label={t('consignment.carrier')}>
            {c.carrierName ?? t('common.none')}
            {c.carrierCode && (
              <Text span size="xs" c="dimmed" className="mono">
                {' '}
                {c.carrierCode}
              </Text>
            )}
          </Fact>
          {c.flightNumber ? (
            <Fact label={t('consignment.flight')}>
              <span className="mono">{c.flightNumber}</span>
            </Fact>
          ) : (
            <Fact label={t('consignment.vessel')}>
              {c.vesselName ?? t('common.none')}
              {c.imoNumber && <Text size="xs" c="dimmed" className="mono">{`IMO ${c.imoNumber}`}</Text>}
              {c.voyageNumber && <Text size="xs" c="dimmed">{t('consignment.voyageShort', { voyage: c.voyageNumber })}</Text>}
            </Fact>
          )}
          <Fact label={t('consignment.departure')}>{formatDate(c.departureDate, lang) || t('common.none')}</Fact>
          <Fact label={t('consignment.eta')}>{formatDate(c.estimatedArrivalDate, lang) || t('common.none')}</Fact>
          <Fact label={t('consignment.quality')}>
            <QualityBadge score={c.qualityScore} />
          </Fact>
          <Fact label={t('consignment.origin')}>{c.countryOfOrigin ? countries.name(c.countryOfOrigin) : t('common.none')}</Fact>
          <Fact label={t('consignment.destination')}>{c.countryOfDestination ? countries.name(c.countryOfDestination) : t('common.none')}</Fact>
          {c.masterDocumentNumber && (
            <Fact label={t('consignment.master')}>
              <span className="mono">{c.masterDocumentNumber}</span>
            </Fact>
          )}
          <Fact label={t('consignment.version')}>
            {t('consignment.versionN', { version: c.version })} {c.isCurrent ? '' : `(${t('consignment.superseded')})`}
          </Fact>
          <Fact label={t('consignment.received')}>{formatDateTime(c.createdAt, lang)}</Fact>
          {c.source?.file && (
            <Fact label={t('consignment.source')}>
              <Text size="sm" style={{ wordBreak: 'break-all' }}>
                {c.source.file}
                {c.source.line ? ` · ${t('imports.lineN', { line: c.source.line })}` : ''}
                {c.source.segment ? ` · ${t('imports.segmentN', { segment: c.source.segment })}` : ''}
              </Text>
            </Fact>
          )}
        </SimpleGrid>
      </Paper>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Section title={t('consignment.route')} testId="route-section">
            <RouteMap places={places} />
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <RiskPanel id={c.id} documentNumber={c.documentNumber} />
        </Grid.Col>
      </Grid>
      <Section title={t('exchange.correlations.title')} testId="correlation-section">
        <CorrelationPanel consignmentId={c.id} canRequest={canWriteWarnings(me)} />
      </Section>
      <Section title={t('consignment.parties')} count={d.parties.length}>
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs" striped data-testid="parties">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('consignment.partyRole')}</Table.Th>
                <Table.Th scope="col">{t('consignment.partyName')}</Table.Th>
                <Table.Th scope="col">{t('consignment.address')}</Table.Th>
                <Table.Th scope="col">{t('consignment.country')}</Table.Th>
                <Table.Th scope="col">{t('consignment.identifiers')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.parties.map((p, i) => (
                <Table.Tr key={i}>
                  <Table.Td className="nowrap">{partyRoleLabel(t, p.role)}</Table.Td>
                  <Table.Th scope="row" fw={600}>
                    {/* Names in any script (Georgian, Cyrillic, Arabic…): let the browser pick the direction. */}
                    <span dir="auto">{p.name}</span>
                  </Table.Th>
                  <Table.Td>
                    <span dir="auto">{[p.address, p.postcode, p.city].filter(Boolean).join(', ')}</span>
                  </Table.Td>
                  <Table.Td>{p.country ? countries.name(p.country) : ''}</Table.Td>
                  <Table.Td className="mono">{p.identifiers.map((x) => `${x.scheme} ${x.value}`).join(', ')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Section>
      <Section title={t('consignment.goods')} count={d.goods.length}>
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" striped data-testid="goods">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">#</Table.Th>
                <Table.Th scope="col">{t('consignment.hs')}</Table.Th>
                <Table.Th scope="col">{t('consignment.description')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('consignment.packages')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('consignment.gross')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('consignment.net')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('consignment.value')}
                </Table.Th>
                <Table.Th scope="col">{t('consignment.inContainers')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.goods.map((g) => (
                <Table.Tr key={g.seq}>
                  <Table.Td>{g.seq}</Table.Td>
                  <Table.Td className="mono">{g.hsCode ?? <Text span c="red.8" size="sm">{t('consignment.noHs')}</Text>}</Table.Td>
                  <Table.Td>
                    <span dir="auto">{g.description ?? ''}</span>
                    {g.unNumber && (
                      <Badge color="orange" variant="light" ml={6}>
                        UN {g.unNumber}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td ta="right" className="nowrap">
                    {num(g.packageCount)} {g.packageType && <Text span size="xs" c="dimmed" className="mono">{g.packageType}</Text>}
                  </Table.Td>
                  <Table.Td ta="right" className="nowrap">
                    {num(g.grossMassKg, t('consignment.kg'))}
                  </Table.Td>
                  <Table.Td ta="right" className="nowrap">
                    {num(g.netMassKg, t('consignment.kg'))}
                  </Table.Td>
                  <Table.Td ta="right" className="nowrap">
                    {num(g.value, g.currency ?? undefined)}
                  </Table.Td>
                  <Table.Td className="mono">{g.containerNumbers.join(', ')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Section>
      {d.equipment.length > 0 && (
        <Section title={t('consignment.containers')} count={d.equipment.length}>
          <Table.ScrollContainer minWidth={480}>
            <Table verticalSpacing="xs" striped data-testid="containers">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('consignment.containerNumber')}</Table.Th>
                  <Table.Th scope="col">{t('consignment.sizeType')}</Table.Th>
                  <Table.Th scope="col">{t('consignment.seals')}</Table.Th>
                  <Table.Th scope="col">{t('consignment.fullEmpty')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.equipment.map((e) => (
                  <Table.Tr key={e.containerNumber}>
                    <Table.Th scope="row" className="mono" fw={600}>
                      {e.containerNumber}
                    </Table.Th>
                    <Table.Td className="mono">{e.sizeType ?? ''}</Table.Td>
                    <Table.Td className="mono">{e.seals.join(', ') || <Text span c="dimmed" size="sm">{t('consignment.noSeal')}</Text>}</Table.Td>
                    <Table.Td>{e.fullEmpty === 'FULL' ? t('consignment.full') : e.fullEmpty === 'EMPTY' ? t('consignment.empty') : ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Section>
      )}
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Section title={t('consignment.qualityFlags')} count={c.qualityFlags.length} testId="quality-flags">
          {c.qualityFlags.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('consignment.noQualityFlags')}
            </Text>
          ) : (
            <Table verticalSpacing={4} striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('imports.code')}</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('consignment.points')}
                  </Table.Th>
                  <Table.Th scope="col">{t('consignment.fields')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {c.qualityFlags.map((f, i) => (
                  <Table.Tr key={i}>
                    <Table.Td className="mono">{f.code}</Table.Td>
                    <Table.Td ta="right">−{formatDecimal(f.points, lang)}</Table.Td>
                    <Table.Td className="mono" style={{ wordBreak: 'break-all' }}>
                      {f.fields.join(', ')}
                      {f.detail && (
                        <Text size="xs" c="dimmed">
                          {f.detail}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Section>
        <Section title={t('consignment.warnings')} count={c.problems.length} testId="warnings">
          {c.problems.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('consignment.noWarnings')}
            </Text>
          ) : (
            <Table verticalSpacing={4} striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('imports.level')}</Table.Th>
                  <Table.Th scope="col">{t('imports.code')}</Table.Th>
                  <Table.Th scope="col">{t('imports.field')}</Table.Th>
                  <Table.Th scope="col">{t('imports.message')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {c.problems.map((p, i) => (
                  <Table.Tr key={i}>
                    <Table.Td>{problemLevelLabel(t, p.level)}</Table.Td>
                    <Table.Td className="mono">{p.code}</Table.Td>
                    <Table.Td className="mono" style={{ wordBreak: 'break-all' }}>
                      {p.field ?? ''}
                    </Table.Td>
                    <Table.Td>{p.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Section>
      </SimpleGrid>
      <Section title={t('consignment.versions')} count={d.versions.length}>
        <List spacing={4} size="sm" data-testid="versions">
          {d.versions.map((v) => (
            <List.Item key={v.id}>
              {v.id === c.id ? (
                <Text span fw={700} size="sm" aria-current="page">
                  {t('consignment.versionN', { version: v.version })}
                </Text>
              ) : (
                <Anchor component={Link} to={`/cargo/consignments/${v.id}`} size="sm">
                  {t('consignment.versionN', { version: v.version })}
                </Anchor>
              )}{' '}
              <Text span size="sm" c="dimmed">
                {formatDateTime(v.createdAt, lang)}
                {v.isCurrent ? ` · ${t('consignment.current')}` : ''}
              </Text>
            </List.Item>
          ))}
        </List>
      </Section>
    </Stack>
  );
}

/** One consignment: facts, route map, risk panel with actions, parties, goods, containers, data quality, versions. */
export function ConsignmentPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const me = useMe();
  const query = useConsignment(id);
  const c = query.data?.consignment;
  useDocumentTitle(c ? `${documentTypeLabel(t, c.documentType)} ${c.documentNumber}` : t('consignment.title'));
  return (
    <Stack gap="md">
      <PageHeader
        title={c ? `${documentTypeLabel(t, c.documentType)} ${c.documentNumber}` : t('consignment.title')}
        intro={c ? t('consignment.intro', { version: c.version }) : undefined}
        actions={
          <>
            {c && canWriteWarnings(me) && (
              <Button component={Link} to={`/warnings/new?consignment=${encodeURIComponent(c.id)}`} color="violet" variant="light" size="sm">
                {t('queue.refer')}
              </Button>
            )}
            <Button component={Link} to="/cargo/consignments" variant="default" size="sm">
              {t('consignment.backToSearch')}
            </Button>
          </>
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
