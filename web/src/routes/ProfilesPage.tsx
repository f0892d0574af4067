import { Anchor, Badge, Button, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useProfiles } from '../api/queries.ts';
import type { ProfileState } from '../api/types.ts';
import { useMe } from '../auth/session.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { OwnerText, useUnitCodes } from '../components/OwnerText.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { TableState } from '../components/TableState.tsx';
import { profileStateLabel } from '../lib/labels.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

const STATE_COLORS: Record<ProfileState, string> = { draft: 'gray', active: 'teal', retired: 'dark' };

export function ProfileStateBadge({ state }: { state: ProfileState }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATE_COLORS[state]} variant={state === 'active' ? 'filled' : 'light'} data-state={state}>
      {profileStateLabel(t, state)}
    </Badge>
  );
}

/** Risk → Profiles: the rules that score incoming cargo (network, own country, own country's units). */
export function ProfilesPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('profiles.title'));
  const me = useMe();
  const query = useProfiles();
  const unitCodes = useUnitCodes(me.country);
  const rows = query.data ?? [];
  return (
    <Stack gap="md">
      <PageHeader
        title={t('profiles.title')}
        intro={t('profiles.intro')}
        actions={
          <Button component={Link} to="/risk/profiles/new">
            {t('profiles.new')}
          </Button>
        }
      />
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      <Table.ScrollContainer minWidth={640}>
        <Table striped highlightOnHover verticalSpacing="xs" aria-busy={query.isFetching} data-testid="profiles-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('profiles.name')}</Table.Th>
              <Table.Th scope="col">{t('profiles.owner')}</Table.Th>
              <Table.Th scope="col">{t('profiles.state')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('profiles.version')}
              </Table.Th>
              <Table.Th scope="col">{t('profiles.validity')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState colSpan={5} loading={query.isPending} empty={!query.isPending && rows.length === 0} emptyText={t('profiles.empty')} />
            {rows.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Th scope="row" fw={500}>
                  <Anchor component={Link} to={`/risk/profiles/${p.id}`} size="sm" fw={600}>
                    {p.name}
                  </Anchor>
                </Table.Th>
                <Table.Td>
                  <OwnerText owner={p} unitCodes={unitCodes} />
                </Table.Td>
                <Table.Td>
                  <ProfileStateBadge state={p.state} />
                </Table.Td>
                <Table.Td ta="right">{p.currentVersion}</Table.Td>
                <Table.Td>
                  <Text size="sm" c={p.validFrom || p.validTo ? undefined : 'dimmed'}>
                    {p.validFrom || p.validTo ? `${p.validFrom ?? '…'} – ${p.validTo ?? '…'}` : t('profiles.always')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
