import { Alert, Anchor, Badge, Button, FileButton, Group, Image, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { seizuresApi } from '../api/endpoints.ts';
import { resultsKeys, useSeizure } from '../api/queries.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useLinkedConsignment } from '../components/results/ConsignmentInspectionPicker.tsx';
import { formatDate, formatDecimal, formatNumber } from '../lib/format.ts';
import { useCountryNames } from '../lib/labels.ts';
import { useTaxonomyLabels } from '../lib/taxonomy.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { TlpBadge } from './SeizuresPage.tsx';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text size="sm">{children || '—'}</Text>
    </div>
  );
}

/** Results → one seizure: "made on information shared by …", facts, items, persons, warnings, photos. The read is audited. */
export function SeizurePage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const countries = useCountryNames();
  const tax = useTaxonomyLabels();
  const qc = useQueryClient();
  const query = useSeizure(id);
  const d = query.data;
  const linked = useLinkedConsignment(d?.seizure.consignmentId ?? null, d?.seizure.inspectionId ?? null);
  useDocumentTitle(d ? d.seizure.reference : t('results.seizures.title'));
  const upload = useMutation({
    mutationFn: (file: File) => seizuresApi.addPhoto(id!, file),
    onSuccess: () => void qc.invalidateQueries({ queryKey: resultsKeys.seizure(id!) }),
  });

  if (!d) {
    return (
      <Stack>
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      </Stack>
    );
  }
  const s = d.seizure;
  const place = (code: string | null) => (code ? (code.length === 2 ? countries.name(code) : code) : '');
  const route = [s.routeOrigin, ...s.routeTransit, s.routeDestination].filter(Boolean).map((c) => place(c)).join(' → ');
  const who = [...new Set(d.sharedBy.map((w) => `${countries.name(w.country)} (${w.unitCode})`))].join(', ');

  return (
    <Stack gap="md">
      <PageHeader
        title={s.reference}
        intro={t('results.detail.recordedBy', { unit: `${d.unit.code} — ${lang === 'ru' && d.unit.nameRu ? d.unit.nameRu : d.unit.name}` })}
        actions={
          <>
            <TlpBadge tlp={s.tlp} />
            <Badge variant="light">{t(`results.distributions.${s.distribution}`)}</Badge>
            {d.can.edit && (
              <Button component={Link} to={`/seizures/${s.id}/edit`} variant="default">
                {t('results.detail.edit')}
              </Button>
            )}
          </>
        }
      />
      {s.onSharedInformation && (
        <Alert color="grape" variant="light" data-testid="shared-banner" title={t('results.shared')}>
          {t('results.detail.sharedBanner', { who })}
        </Alert>
      )}
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
          <Fact label={t('results.seizures.date')}>{formatDate(s.seizureDate, lang)}</Fact>
          <Fact label={t('results.detail.place')}>{s.placeLocode}</Fact>
          <Fact label={t('results.detail.route')}>{route}</Fact>
          <Fact label={t('results.detail.transport')}>{tax.label('transport', s.transportMode)}</Fact>
          <Fact label={t('results.detail.concealment')}>{tax.label('concealment', s.concealment)}</Fact>
          <Fact label={t('results.detail.detection')}>{tax.label('detection', s.detectionMethod)}</Fact>
          <Fact label={t('results.detail.value')}>{s.estimatedValue !== null ? `${formatNumber(s.estimatedValue, lang)} ${s.currency ?? ''}` : ''}</Fact>
          <Fact label={t('results.detail.container')}>{s.containerNumber}</Fact>
          {s.consignmentId && (
            <Fact label={t('results.detail.linkedConsignment')}>
              {linked.consignmentLabel ? (
                <Anchor component={Link} to={`/cargo/consignments/${s.consignmentId}`} size="sm" data-testid="linked-consignment">
                  {linked.consignmentLabel}
                </Anchor>
              ) : linked.hidden ? (
                t('results.detail.linkedHidden')
              ) : null}
            </Fact>
          )}
          {s.inspectionId && (
            <Fact label={t('results.detail.linkedInspection')}>
              <span data-testid="linked-inspection">{linked.inspectionLabel ?? (linked.hidden ? t('results.detail.linkedHidden') : '')}</span>
            </Fact>
          )}
          <Fact label={t('results.form.form')}>{t(`results.forms.${s.form}`)}</Fact>
          <Fact label={t('results.quality')}>{`${s.qualityScore} / 100`}</Fact>
        </SimpleGrid>
        {s.summary && (
          <Stack gap={2} mt="md">
            <Text size="xs" c="dimmed" fw={600} tt="uppercase">
              {t('results.detail.summary')}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {s.summary}
            </Text>
          </Stack>
        )}
      </Paper>

      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          {t('results.detail.items')}
        </Title>
        <Table data-testid="seizure-items">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('results.form.commodity')}</Table.Th>
              <Table.Th ta="right">{t('results.form.quantity')}</Table.Th>
              <Table.Th>{t('results.form.unit')}</Table.Th>
              <Table.Th>{t('results.form.description')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.items.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>{tax.label('commodities', i.commodity)}</Table.Td>
                <Table.Td ta="right">{formatDecimal(i.quantity, lang, 3).replace(/[.,]?0+$/, '')}</Table.Td>
                <Table.Td>{tax.label('units', i.unit)}</Table.Td>
                <Table.Td>{i.description}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="sm">
            {t('results.detail.warnings')}
          </Title>
          {d.warnings.length === 0 ? (
            <Text size="sm" c="dimmed">
              —
            </Text>
          ) : (
            <List size="sm" spacing={4}>
              {d.warnings.map((w, n) => (
                <List.Item key={w.id ?? n}>
                  {w.id && w.subject ? (
                    <Anchor component={Link} to={`/warnings/${w.id}`}>
                      {countries.name(w.senderCountry)} · {w.subject}
                    </Anchor>
                  ) : (
                    t('results.detail.warningHidden', { country: countries.name(w.senderCountry), unit: w.senderUnitCode })
                  )}
                </List.Item>
              ))}
            </List>
          )}
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="sm">
            {t('results.detail.persons')}
          </Title>
          {d.persons.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('results.detail.noPersons')}
            </Text>
          ) : (
            <List size="sm" spacing={4}>
              {d.persons.map((p) => (
                <List.Item key={p.id}>
                  <Text span fw={600} size="sm">
                    {p.name}
                  </Text>
                  <Text span size="sm" c="dimmed">
                    {' '}
                    ({p.kind === 'company' ? t('results.form.company') : t('results.form.person')}
                    {p.role ? `, ${p.role}` : ''}
                    {p.country ? `, ${countries.name(p.country)}` : ''})
                  </Text>
                </List.Item>
              ))}
            </List>
          )}
        </Paper>
      </SimpleGrid>

      <Paper withBorder p="md">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4">
            {t('results.detail.photos')}
          </Title>
          {d.can.addPhoto && (
            <FileButton onChange={(f) => f && upload.mutate(f)} accept="image/jpeg,image/png,image/webp">
              {(props) => (
                <Button {...props} size="xs" variant="light" loading={upload.isPending}>
                  {t('results.detail.addPhoto')}
                </Button>
              )}
            </FileButton>
          )}
        </Group>
        <ErrorAlert error={upload.error} />
        {d.photos.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('results.detail.noPhotos')}
          </Text>
        ) : (
          <SimpleGrid cols={{ base: 2, sm: 3, md: 4 }} spacing="sm">
            {d.photos.map((p) => (
              <a key={p.id} href={seizuresApi.photoUrl(s.id, p.id)} target="_blank" rel="noreferrer">
                <Image src={seizuresApi.photoUrl(s.id, p.id)} alt={p.filename} radius="sm" h={140} fit="cover" />
              </a>
            ))}
          </SimpleGrid>
        )}
      </Paper>

      {s.qualityIssues.length > 0 && (
        <Paper withBorder p="md">
          <Title order={2} size="h5" mb="xs">
            {t('results.detail.qualityIssues')}
          </Title>
          <Group gap={6}>
            {s.qualityIssues.map((q) => {
              const [code, field] = q.split(':') as [string, string];
              const key = `results.qualityPanel.fields.${field}`;
              return (
                <Badge key={q} variant="light" color={code === 'missing_recommended' ? 'gray' : 'orange'}>
                  {i18n.exists(key) ? t(key as 'results.qualityPanel.fields.items') : field}
                </Badge>
              );
            })}
          </Group>
        </Paper>
      )}
    </Stack>
  );
}
