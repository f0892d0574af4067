import { Anchor, Badge, Button, Group, SegmentedControl, Select, Stack, Switch, Table, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useMarkAllRead, useMarkRead, useNotifications } from '../api/delivery.ts';
import { NOTIFICATION_KINDS, type AppNotification, type NotificationFilter } from '../api/delivery.types.ts';
import { kindLabel } from '../components/delivery/kindLabel.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { ListPager } from '../components/ListPager.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { TableState } from '../components/TableState.tsx';
import { formatDate, formatDateTime } from '../lib/format.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

const LIMIT = 25;

function filterFrom(params: URLSearchParams): NotificationFilter {
  return {
    unread: params.get('show') !== 'all',
    overdue: params.get('overdue') === '1',
    kind: NOTIFICATION_KINDS.find((k) => k === params.get('kind')) ?? null,
    limit: LIMIT,
    offset: Number(params.get('offset') ?? 0) || 0,
  };
}

function NotificationRow({ n }: { n: AppNotification }) {
  const { t, i18n } = useTranslation();
  const markRead = useMarkRead();
  const unread = n.readAt === null;
  return (
    <Table.Tr data-testid="notification-row" data-notification={n.id} data-unread={unread || undefined} fw={unread ? 600 : undefined}>
      <Table.Td className="nowrap">
        <Badge variant="light" color={n.kind === 'warning.matched' ? 'red' : n.kind === 'warning.pending_approval' ? 'orange' : 'blue'}>
          {kindLabel(t, n.kind)}
        </Badge>
      </Table.Td>
      <Table.Th scope="row" fw={unread ? 600 : 400}>
        <Anchor component={Link} to={n.link} size="sm" onClick={() => unread && markRead.mutate(n.id)}>
          {n.title}
        </Anchor>
      </Table.Th>
      <Table.Td className="nowrap">
        {n.dueAt ? (
          <Text size="sm" c={n.overdue ? 'red' : undefined} fw={n.overdue ? 600 : undefined}>
            {formatDate(n.dueAt, i18n.language)}
            {n.overdue ? ` · ${t('delivery.inbox.overdue')}` : ''}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td className="nowrap">
        <Text size="sm">{formatDateTime(n.createdAt, i18n.language)}</Text>
      </Table.Td>
      <Table.Td ta="right">
        {unread && (
          <Button size="compact-xs" variant="subtle" onClick={() => markRead.mutate(n.id)} loading={markRead.isPending} aria-label={t('delivery.inbox.markReadOf', { title: n.title })}>
            {t('delivery.inbox.markRead')}
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** Inbox: my notifications (unread or all), overdue and kind filters, mark read; filters live in the address. */
export function InboxPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('delivery.inbox.title'));
  const [params, setParams] = useSearchParams();
  const filter = filterFrom(params);
  const query = useNotifications(filter);
  const markAll = useMarkAllRead();
  const rows = query.data?.data ?? [];

  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'offset') next.delete('offset');
    setParams(next, { replace: true });
  };

  return (
    <Stack gap="md">
      <PageHeader
        title={t('delivery.inbox.title')}
        intro={t('delivery.inbox.intro')}
        actions={
          <Button variant="default" onClick={() => markAll.mutate({})} loading={markAll.isPending}>
            {t('delivery.inbox.markAllRead')}
          </Button>
        }
      />
      <Group gap="md" align="flex-end" wrap="wrap">
        <SegmentedControl
          aria-label={t('delivery.inbox.show')}
          value={filter.unread ? 'unread' : 'all'}
          onChange={(v) => set('show', v === 'all' ? 'all' : null)}
          data={[
            { value: 'unread', label: t('delivery.inbox.unread') },
            { value: 'all', label: t('delivery.inbox.all') },
          ]}
        />
        <Select
          label={t('delivery.inbox.kind')}
          data={NOTIFICATION_KINDS.map((k) => ({ value: k, label: kindLabel(t, k) }))}
          value={filter.kind ?? null}
          onChange={(v) => set('kind', v)}
          clearable
          placeholder={t('delivery.inbox.anyKind')}
          w={260}
        />
        <Switch label={t('delivery.inbox.overdueOnly')} checked={!!filter.overdue} onChange={(e) => set('overdue', e.currentTarget.checked ? '1' : null)} mb={6} />
      </Group>
      <ErrorAlert error={query.error ?? markAll.error} onRetry={() => void query.refetch()} />
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="xs" striped highlightOnHover data-testid="inbox-table" aria-busy={query.isFetching}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('delivery.inbox.kind')}</Table.Th>
              <Table.Th scope="col">{t('delivery.inbox.what')}</Table.Th>
              <Table.Th scope="col">{t('delivery.inbox.due')}</Table.Th>
              <Table.Th scope="col">{t('delivery.inbox.received')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{t('delivery.inbox.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState colSpan={5} loading={query.isPending} empty={!query.isPending && rows.length === 0} emptyText={filter.unread ? t('delivery.inbox.emptyUnread') : t('delivery.inbox.empty')} />
            {rows.map((n) => (
              <NotificationRow key={n.id} n={n} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ListPager page={query.data?.page} onPage={(o) => set('offset', o ? String(o) : null)} />
    </Stack>
  );
}
