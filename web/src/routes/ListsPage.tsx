import { ActionIcon, Button, Group, Modal, SegmentedControl, Select, Stack, Table, Text, Textarea, TextInput, Tooltip, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { riskApi } from '../api/endpoints.ts';
import { keys, useRiskLists } from '../api/queries.ts';
import type { ListKind, Me, OwnerScope, RiskList } from '../api/types.ts';
import { LIST_KINDS, OWNER_SCOPES } from '../api/types.ts';
import { defaultScope, useMe } from '../auth/session.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { EditIcon } from '../components/icons.tsx';
import { OwnerText, useUnitCodes } from '../components/OwnerText.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { TableState } from '../components/TableState.tsx';
import { WorkUnitSelect } from '../components/WorkUnitSelect.tsx';
import { applyFieldError } from '../lib/errors.ts';
import { formatNumber } from '../lib/format.ts';
import { listKindLabel, listKindOptions, ownerScopeLabel } from '../lib/labels.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

const NAME = /^[a-z0-9][a-z0-9-]{1,62}$/;
const FIELDS = ['name', 'kind', 'description', 'items', 'ownerScope', 'ownerUnitId'] as const;
const PREVIEW = 8;

const splitItems = (text: string) => text.split('\n').map((s) => s.trim()).filter(Boolean);

interface Values {
  ownerScope: OwnerScope;
  ownerUnitId: string | null;
  name: string;
  kind: ListKind;
  description: string;
  items: string;
}

function ListModal({ me, list, onClose }: { me: Me; list: RiskList | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: {
      ownerScope: list?.ownerScope ?? defaultScope(me),
      ownerUnitId: list?.ownerUnitId ?? me.unit?.id ?? null,
      name: list?.name ?? '',
      kind: list?.kind ?? 'ports',
      description: list?.description ?? '',
      items: list?.items.join('\n') ?? '',
    },
    validate: {
      name: (v) => (list || NAME.test(v) ? null : t('lists.nameRule')),
      ownerUnitId: (v, all) => (!list && all.ownerScope === 'unit' && !v ? t('validation.required') : null),
    },
  });
  const save = useMutation({
    mutationFn: (v: Values) =>
      list
        ? riskApi.updateList(list.id, { items: splitItems(v.items), description: v.description.trim() || null })
        : riskApi.createList({ ownerScope: v.ownerScope, ownerUnitId: v.ownerScope === 'unit' ? v.ownerUnitId : undefined, name: v.name, kind: v.kind, description: v.description.trim() || undefined, items: splitItems(v.items) }),
    onSuccess: async (r) => {
      notifications.show({ color: 'teal', message: list ? t('lists.updated', { name: r.name }) : t('lists.created', { name: r.name }) });
      await queryClient.invalidateQueries({ queryKey: keys.lists });
      onClose();
    },
    onError: (e) => applyFieldError(e, form.setFieldError, FIELDS),
  });
  const count = splitItems(form.values.items).length;
  return (
    <Modal opened onClose={onClose} title={list ? t('lists.editTitle', { name: list.name }) : t('lists.createTitle')} size="lg">
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={save.error} />
          {!list && (
            <>
              <Stack gap={4}>
                <Text size="sm" fw={500} id="list-owner-label">
                  {t('profileEditor.ownerScope')}
                </Text>
                <SegmentedControl
                  aria-labelledby="list-owner-label"
                  data={OWNER_SCOPES.map((s) => ({ value: s, label: ownerScopeLabel(t, s) }))}
                  value={form.values.ownerScope}
                  onChange={(v) => form.setFieldValue('ownerScope', OWNER_SCOPES.find((s) => s === v) ?? 'unit')}
                  style={{ alignSelf: 'flex-start' }}
                />
              </Stack>
              {form.values.ownerScope === 'unit' && <WorkUnitSelect me={me} value={form.values.ownerUnitId} onChange={(v) => form.setFieldValue('ownerUnitId', v)} label={t('profileEditor.ownerUnit')} />}
              <Group gap="sm" align="flex-start" grow>
                <TextInput label={t('lists.name')} description={t('lists.nameHint')} required classNames={{ input: 'mono' }} autoCapitalize="none" spellCheck={false} {...form.getInputProps('name')} />
                <Select label={t('lists.kind')} data={listKindOptions(t)} allowDeselect={false} required {...form.getInputProps('kind')} onChange={(v) => form.setFieldValue('kind', LIST_KINDS.find((k) => k === v) ?? 'other')} />
              </Group>
            </>
          )}
          <TextInput label={t('lists.description')} maxLength={500} {...form.getInputProps('description')} />
          <Textarea
            label={t('lists.items')}
            description={t('lists.itemsHint', { count })}
            autosize
            minRows={6}
            maxRows={18}
            classNames={{ input: 'mono' }}
            spellCheck={false}
            {...form.getInputProps('items')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {list ? t('common.save') : t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Risk → Lists: named lists of ports, countries, HS prefixes, companies… used in rules as list("name"). */
export function ListsPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('lists.title'));
  const me = useMe();
  const query = useRiskLists();
  const unitCodes = useUnitCodes(me.country);
  const [editing, setEditing] = useState<RiskList | 'new' | null>(null);
  const rows = query.data ?? [];
  const showActions = rows.some((l) => l.can.update);
  return (
    <Stack gap="md">
      <PageHeader title={t('lists.title')} intro={t('lists.intro')} actions={<Button onClick={() => setEditing('new')}>{t('lists.new')}</Button>} />
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      <Table.ScrollContainer minWidth={540}>
        <Table striped highlightOnHover verticalSpacing="xs" aria-busy={query.isFetching} data-testid="lists-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('lists.name')}</Table.Th>
              <Table.Th scope="col">{t('lists.kind')}</Table.Th>
              <Table.Th scope="col">{t('profiles.owner')}</Table.Th>
              <Table.Th scope="col">{t('lists.items')}</Table.Th>
              {showActions && (
                <Table.Th scope="col">
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState colSpan={showActions ? 5 : 4} loading={query.isPending} empty={!query.isPending && rows.length === 0} emptyText={t('lists.empty')} />
            {rows.map((l) => (
              <Table.Tr key={l.id}>
                <Table.Th scope="row" fw={500}>
                  <Text className="mono" size="sm" fw={600}>
                    {l.name}
                  </Text>
                  {l.description && (
                    <Text size="xs" c="dimmed">
                      {l.description}
                    </Text>
                  )}
                  <Text size="xs" c="dimmed" className="mono">{`list("${l.name}")`}</Text>
                </Table.Th>
                <Table.Td>{listKindLabel(t, l.kind)}</Table.Td>
                <Table.Td>
                  <OwnerText owner={l} unitCodes={unitCodes} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" className="mono" style={{ wordBreak: 'break-word' }}>
                    {l.items.slice(0, PREVIEW).join(', ')}
                    {l.items.length > PREVIEW ? ', …' : ''}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('lists.count', { count: l.items.length, formatted: formatNumber(l.items.length, i18n.language) })}
                  </Text>
                </Table.Td>
                {showActions && (
                  <Table.Td>
                    {l.can.update && (
                      <Tooltip label={t('lists.editAction', { name: l.name })}>
                        <ActionIcon variant="subtle" aria-label={t('lists.editAction', { name: l.name })} onClick={() => setEditing(l)}>
                          <EditIcon />
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {editing && <ListModal me={me} list={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
