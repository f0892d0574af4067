import { Badge, Button, Center, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { riskApi } from '../api/endpoints.ts';
import { keys, useProfile } from '../api/queries.ts';
import type { ProfilePerformance, ProfileState, ProfileVersion } from '../api/types.ts';
import { useMe } from '../auth/session.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { OwnerText, useUnitCodes } from '../components/OwnerText.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { LaneBadge } from '../components/RiskBadges.tsx';
import { formatDate, formatDateTime, formatNumber, formatPercent, parseServerTime } from '../lib/format.ts';
import { profileStateLabel } from '../lib/labels.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { ProfileStateBadge } from './ProfilesPage.tsx';

const STALE_DAYS = 183;

/** A version that fires but has found nothing for six months (or never) deserves a look. */
export function isStale(p: ProfilePerformance, now = Date.now()): boolean {
  if (p.hits === 0) return false;
  const last = parseServerTime(p.lastPositive);
  return !last || now - last.getTime() > STALE_DAYS * 86_400_000;
}

function PerformanceTable({ rows }: { rows: ProfilePerformance[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('riskProfile.noHits')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table striped verticalSpacing="xs" data-testid="performance">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('riskProfile.version')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('riskProfile.hits')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('riskProfile.selected')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('riskProfile.inspected')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('riskProfile.positive')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              <Tooltip label={t('riskProfile.hitRateHint')}>
                <span>{t('riskProfile.hitRate')}</span>
              </Tooltip>
            </Table.Th>
            <Table.Th scope="col">{t('riskProfile.lastPositive')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((p) => {
            const last = parseServerTime(p.lastPositive);
            return (
              <Table.Tr key={p.version}>
                <Table.Th scope="row" fw={500}>
                  {t('riskProfile.versionN', { version: p.version })}
                </Table.Th>
                <Table.Td ta="right">{formatNumber(p.hits, lang)}</Table.Td>
                <Table.Td ta="right">{formatNumber(p.selected, lang)}</Table.Td>
                <Table.Td ta="right">{formatNumber(p.inspected, lang)}</Table.Td>
                <Table.Td ta="right">{formatNumber(p.positive, lang)}</Table.Td>
                <Table.Td ta="right">{p.hitRate === null ? t('common.none') : formatPercent(p.hitRate, lang)}</Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" className="nowrap">
                      {last ? formatDate(last.toISOString(), lang) : t('common.never')}
                    </Text>
                    {isStale(p) && (
                      <Tooltip label={t('riskProfile.staleHint')}>
                        <Badge color="orange" variant="light" data-testid="stale">
                          {t('riskProfile.stale')}
                        </Badge>
                      </Tooltip>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function VersionCard({ v, current }: { v: ProfileVersion; current: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={`v${v.version}`} data-testid="profile-version">
      <Group justify="space-between" mb="xs" gap="sm">
        <Group gap="sm">
          <Title order={3} size="h5" id={`v${v.version}`}>
            {t('riskProfile.versionN', { version: v.version })}
          </Title>
          {current && (
            <Badge variant="light" color="blue">
              {t('riskProfile.current')}
            </Badge>
          )}
          <LaneBadge lane={v.lane} />
          <Text size="sm" c="dimmed">
            {t('riskProfile.weightN', { weight: v.weight })}
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          {formatDateTime(v.createdAt, i18n.language)}
        </Text>
      </Group>
      <Stack gap="xs">
        <pre className="rule-text" aria-label={t('riskProfile.rule')}>
          {v.rule}
        </pre>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
              {t('riskProfile.reason')}
            </Text>
            <Text size="sm">{v.reason}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
              {t('riskProfile.instruction')}
            </Text>
            <Text size="sm">{v.instruction}</Text>
          </div>
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}

/** One risk profile: its versions (rule, weight, lane, reason, instruction) and how each version performed. */
export function RiskProfilePage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const me = useMe();
  const queryClient = useQueryClient();
  const query = useProfile(id);
  const p = query.data;
  const unitCodes = useUnitCodes(me.country);
  useDocumentTitle(p?.name ?? t('riskProfile.title'));
  const setState = useMutation({
    mutationFn: (state: ProfileState) => riskApi.setState(id!, state),
    onSuccess: async (r) => {
      notifications.show({ color: 'teal', message: t('riskProfile.stateChanged', { name: r.name, state: profileStateLabel(t, r.state) }) });
      await Promise.all([queryClient.invalidateQueries({ queryKey: keys.profilesAll }), queryClient.invalidateQueries({ queryKey: keys.queueAll })]);
    },
  });

  return (
    <Stack gap="md">
      <PageHeader
        title={p?.name ?? t('riskProfile.title')}
        actions={
          p?.can.update && (
            <>
              <Button component={Link} to={`/risk/profiles/${p.id}/edit`} variant="default">
                {t('riskProfile.edit')}
              </Button>
              {p.state !== 'active' && (
                <Button color="teal" onClick={() => setState.mutate('active')} loading={setState.isPending && setState.variables === 'active'}>
                  {t('riskProfile.activate')}
                </Button>
              )}
              {p.state === 'active' && (
                <Button color="gray" onClick={() => setState.mutate('retired')} loading={setState.isPending && setState.variables === 'retired'}>
                  {t('riskProfile.retire')}
                </Button>
              )}
            </>
          )
        }
      />
      <ErrorAlert error={query.error ?? setState.error} onRetry={query.error ? () => void query.refetch() : undefined} />
      {query.isPending && (
        <Center p="xl">
          <Loader aria-label={t('common.loading')} />
        </Center>
      )}
      {p && (
        <>
          <Group gap="sm" mt={-8}>
            <ProfileStateBadge state={p.state} />
            <OwnerText owner={p} unitCodes={unitCodes} />
            <Text size="sm" c="dimmed">
              {p.validFrom || p.validTo ? t('riskProfile.validity', { from: p.validFrom ?? '…', to: p.validTo ?? '…' }) : t('profiles.always')}
            </Text>
          </Group>
          {p.state === 'active' && setState.isSuccess && (
            <Text size="sm" c="dimmed" role="status">
              {t('riskProfile.rescoring')}
            </Text>
          )}
          <Paper withBorder p="md" component="section">
            <Title order={2} size="h4" mb="sm">
              {t('riskProfile.performance')}
            </Title>
            <PerformanceTable rows={p.performance} />
          </Paper>
          <Title order={2} size="h4">
            {t('riskProfile.versions')}
          </Title>
          {p.versions.map((v) => (
            <VersionCard key={v.version} v={v} current={v.version === p.currentVersion} />
          ))}
        </>
      )}
    </Stack>
  );
}
