import { Button, Center, Select, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { auditApi } from '../api/endpoints.ts';
import { keys } from '../api/queries.ts';
import type { AuditEvent } from '../api/types.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { TableState } from '../components/TableState.tsx';
import { formatDateTime } from '../lib/format.ts';
import { AUDIT_PREFIXES, auditPrefixLabel, auditTypeLabel, entityTypeLabel, useCountryNames } from '../lib/labels.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

const LIMIT = 50;

function Actor({ e }: { e: AuditEvent }) {
  const { t } = useTranslation();
  if (!e.actorUsername) return <Text span size="sm" c="dimmed">{t('audit.system')}</Text>;
  return (
    <>
      <Text span size="sm" className="mono">
        {e.actorUsername}
      </Text>
      {e.actorTokenId && (
        <Text size="xs" c="dimmed">
          {t('audit.viaToken')}
        </Text>
      )}
      {e.ip && (
        <Text size="xs" c="dimmed" title={t('audit.ip')}>
          {e.ip}
        </Text>
      )}
    </>
  );
}

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const exists = (k: string) => i18n.exists(k);
  useDocumentTitle(t('audit.title'));
  const countries = useCountryNames();
  const [prefix, setPrefix] = useState<string | null>(null);
  const type = prefix ? `${prefix}.` : '';

  const query = useInfiniteQuery({
    queryKey: keys.audit(type),
    queryFn: ({ pageParam, signal }) => auditApi.list({ type: type || undefined, before: pageParam, limit: LIMIT }, signal),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
  });
  const events = query.data?.pages.flatMap((p) => p.data) ?? [];
  // Known prefixes, plus those of event types this UI does not know yet but sees in the log.
  const [seen, setSeen] = useState<string[]>([]);
  const unseen = events.map((e) => e.type.split('.')[0] ?? '').filter((p) => p && !AUDIT_PREFIXES.some((k) => k === p) && !seen.includes(p));
  if (unseen.length) setSeen([...seen, ...new Set(unseen)]);
  const prefixOptions = [...AUDIT_PREFIXES, ...seen].map((p) => ({ value: p, label: auditPrefixLabel(t, exists, p) }));

  return (
    <Stack gap="md">
      <PageHeader title={t('audit.title')} intro={t('audit.intro')} />
      <Select
        label={t('audit.filterType')}
        placeholder={t('audit.allTypes')}
        data={prefixOptions}
        value={prefix}
        onChange={setPrefix}
        clearable
        w={260}
      />
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      <Table.ScrollContainer minWidth={860}>
        <Table striped verticalSpacing="xs" aria-busy={query.isFetching}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('audit.time')}</Table.Th>
              <Table.Th scope="col">{t('audit.type')}</Table.Th>
              <Table.Th scope="col">{t('audit.actor')}</Table.Th>
              <Table.Th scope="col">{t('audit.country')}</Table.Th>
              <Table.Th scope="col">{t('audit.entity')}</Table.Th>
              <Table.Th scope="col">{t('audit.details')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState colSpan={6} loading={query.isPending} empty={!query.isPending && events.length === 0} emptyText={t('audit.empty')} />
            {events.map((e) => (
              <Table.Tr key={e.seq}>
                <Table.Td className="nowrap">
                  <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{auditTypeLabel(t, exists, e.type)}</Text>
                  <Text size="xs" c="dimmed" className="mono">
                    {e.type}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Actor e={e} />
                </Table.Td>
                <Table.Td>{e.country ? countries.name(e.country) : ''}</Table.Td>
                <Table.Td>
                  {e.entityType && <Text size="sm">{entityTypeLabel(t, exists, e.entityType)}</Text>}
                  {e.entityId && (
                    <Text size="xs" c="dimmed" className="mono" title={e.entityId}>
                      {e.entityId.length > 13 ? `${e.entityId.slice(0, 8)}…` : e.entityId}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {Object.keys(e.data).length > 0 && (
                    <details className="json-details">
                      <summary>{t('audit.show')}</summary>
                      <pre className="mono">{JSON.stringify(e.data, null, 2)}</pre>
                    </details>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Center>
        {query.hasNextPage ? (
          <Button variant="light" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
            {t('audit.loadMore')}
          </Button>
        ) : (
          events.length > 0 && (
            <Text size="sm" c="dimmed">
              {t('audit.end')}
            </Text>
          )
        )}
      </Center>
    </Stack>
  );
}
