import { Button, Grid, Group, Modal, NavLink, Paper, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { exchangeKeys, groupsApi, useGroup, useGroups } from '../api/exchange.ts';
import type { SharingGroup, SharingGroupMember } from '../api/exchange.types.ts';
import { useUnits } from '../api/queries.ts';
import { useMe } from '../auth/session.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { canCreateGroups } from '../components/exchange/access.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { WorkUnitSelect } from '../components/WorkUnitSelect.tsx';
import { formatDateTime } from '../lib/format.ts';
import { localName, useCountryNames } from '../lib/labels.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

const ALL_UNITS = '*';

function AdmitForm({ group }: { group: SharingGroup }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const countries = useCountryNames();
  const [country, setCountry] = useState<string | null>(null);
  const [unitId, setUnitId] = useState<string>(ALL_UNITS);
  const units = useUnits({ country, limit: 200 }, !!country);
  const admit = useMutation({
    mutationFn: () => groupsApi.admit(group.id, { country: country!, unitId: unitId === ALL_UNITS ? null : unitId }),
    onSuccess: async () => {
      setCountry(null);
      setUnitId(ALL_UNITS);
      await queryClient.invalidateQueries({ queryKey: exchangeKeys.groupsAll });
    },
  });
  return (
    <Stack gap="xs">
      <ErrorAlert error={admit.error} />
      <Group gap="xs" align="flex-end" wrap="wrap">
        <Select
          label={t('exchange.recipients.country', { n: '' }).trim()}
          data={countries.memberOptions}
          value={country}
          onChange={(v) => {
            setCountry(v);
            setUnitId(ALL_UNITS);
          }}
          searchable
          w={220}
        />
        <Select
          label={t('exchange.recipients.unit', { n: '' }).trim()}
          data={[{ value: ALL_UNITS, label: t('exchange.groups.wholeCountry') }, ...(units.data?.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: `${u.code} — ${localName(i18n.language, u)}` }))]}
          value={unitId}
          onChange={(v) => setUnitId(v ?? ALL_UNITS)}
          disabled={!country}
          allowDeselect={false}
          w={320}
        />
        <Button onClick={() => admit.mutate()} disabled={!country} loading={admit.isPending}>
          {t('exchange.groups.admit')}
        </Button>
      </Group>
    </Stack>
  );
}

function Members({ groupId }: { groupId: string }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const countries = useCountryNames();
  const query = useGroup(groupId);
  const g = query.data;
  const remove = useMutation({
    mutationFn: (m: SharingGroupMember) => groupsApi.remove(groupId, { country: m.country, unitId: m.unitId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: exchangeKeys.groupsAll }),
  });
  if (query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (!g) return null;
  const label = (m: SharingGroupMember) => `${countries.name(m.country)}${m.unitCode ? ` · ${m.unitCode}` : ` (${t('exchange.groups.wholeCountry')})`}`;
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        {g.name}
      </Title>
      {g.description && (
        <Text size="sm" dir="auto">
          {g.description}
        </Text>
      )}
      <Text size="sm" c="dimmed">
        {t('exchange.groups.owner')}: {countries.name(g.ownerCountry)} · <span className="mono">{g.ownerUnitCode}</span>
      </Text>
      <ErrorAlert error={remove.error} />
      {(g.members ?? []).length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('exchange.groups.noMembers')}
        </Text>
      ) : (
        <Table verticalSpacing="xs" striped data-testid="group-members">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('exchange.groups.member')}</Table.Th>
              <Table.Th scope="col">{t('exchange.feedback.at')}</Table.Th>
              {g.can.manage && <Table.Th scope="col">{t('common.actions')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(g.members ?? []).map((m) => (
              <Table.Tr key={`${m.country}-${m.unitId ?? ''}`}>
                <Table.Th scope="row" fw={500}>
                  {label(m)}
                </Table.Th>
                <Table.Td>{formatDateTime(m.addedAt, i18n.language)}</Table.Td>
                {g.can.manage && (
                  <Table.Td>
                    <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(m)} aria-label={t('exchange.groups.removeMember', { member: label(m) })}>
                      {t('exchange.groups.remove')}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {g.can.manage && <AdmitForm group={g} />}
    </Stack>
  );
}

function CreateGroupModal({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [ownerUnitId, setOwnerUnitId] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => groupsApi.create({ name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}), ...(me.role === 'national_coordinator' && ownerUnitId ? { ownerUnitId } : {}) }),
    onSuccess: async (g) => {
      await queryClient.invalidateQueries({ queryKey: exchangeKeys.groupsAll });
      onCreated(g.id);
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={t('exchange.groups.new')}>
      <Stack gap="sm">
        <ErrorAlert error={create.error} />
        <TextInput label={t('exchange.groups.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={200} />
        <Textarea label={t('exchange.groups.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={2} maxLength={2000} />
        {me.role === 'national_coordinator' && <WorkUnitSelect me={me} value={ownerUnitId} onChange={setOwnerUnitId} label={t('exchange.groups.ownerUnit')} w="100%" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => create.mutate()} disabled={name.trim().length < 3} loading={create.isPending}>
            {t('common.create')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Exchange → Sharing groups: the closed user groups the caller owns or belongs to; owners admit and remove members. */
export function GroupsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('exchange.groups.title'));
  const me = useMe();
  const countries = useCountryNames();
  const query = useGroups();
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const groups = query.data ?? [];
  const current = selected ?? groups[0]?.id ?? null;
  return (
    <Stack gap="md">
      <PageHeader title={t('exchange.groups.title')} intro={t('exchange.groups.intro')} actions={canCreateGroups(me) && <Button onClick={() => setCreating(true)}>{t('exchange.groups.new')}</Button>} />
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      {!query.isPending && groups.length === 0 && (
        <Text c="dimmed" ta="center" p="lg">
          {t('exchange.groups.empty')}
        </Text>
      )}
      {groups.length > 0 && (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Paper withBorder p="xs" component="nav" aria-label={t('exchange.groups.title')} data-testid="groups-list">
              {groups.map((g) => (
                <NavLink
                  key={g.id}
                  label={g.name}
                  description={`${countries.name(g.ownerCountry)} · ${g.ownerUnitCode ?? ''} · ${t('exchange.groups.members')}: ${g.memberCount ?? 0}`}
                  active={g.id === current}
                  onClick={() => setSelected(g.id)}
                  aria-current={g.id === current ? 'true' : undefined}
                />
              ))}
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Paper withBorder p="md">{current ? <Members groupId={current} /> : <Text c="dimmed">{t('exchange.groups.choose')}</Text>}</Paper>
          </Grid.Col>
        </Grid>
      )}
      {creating && <CreateGroupModal onClose={() => setCreating(false)} onCreated={setSelected} />}
    </Stack>
  );
}
