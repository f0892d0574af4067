import { Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { FOLLOW_UP_GROUPS, meetingsApi, useFollowUp, useMeetings } from '../api/results-operations.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { GROUP_COLORS, RecommendationCard } from '../components/results/RecommendationCard.tsx';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

/** What became of the recommendations, for the next meeting: late first, then not started, in progress, done. */
export function FollowUpPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('meetings.followUp.title'));
  const [params, setParams] = useSearchParams();
  const meetingId = params.get('meetingId');
  const asOf = params.get('asOf');
  const meetings = useMeetings(0, 200);
  const query = useFollowUp(meetingId, asOf);
  const f = query.data;
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  return (
    <Stack gap="md">
      <PageHeader
        title={t('meetings.followUp.title')}
        intro={t('meetings.followUp.intro')}
        actions={
          <Button component="a" href={meetingsApi.followUpPdfUrl({ meetingId, asOf }, i18n.language)} download variant="default">
            {t('meetings.followUp.pdf')}
          </Button>
        }
      />
      <Group align="flex-end">
        <Select
          label={t('meetings.followUp.meeting')}
          data={(meetings.data?.data ?? []).map((m) => ({ value: m.id, label: m.title }))}
          value={meetingId}
          onChange={(v) => set('meetingId', v)}
          clearable
          placeholder={t('meetings.followUp.allMeetings')}
          w={360}
        />
        <TextInput type="date" label={t('meetings.followUp.asOf')} value={asOf ?? f?.asOf ?? ''} onChange={(e) => set('asOf', e.currentTarget.value || null)} w={180} />
      </Group>
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      {f && (
        <>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            {FOLLOW_UP_GROUPS.filter((g) => g !== 'cancelled').map((g) => (
              <Paper key={g} withBorder p="sm" data-testid={`count-${g}`} style={{ borderLeft: `4px solid var(--mantine-color-${GROUP_COLORS[g]}-6)` }}>
                <Text size="xs" c="dimmed">
                  {t(`meetings.groups.${g}`)}
                </Text>
                <Text fw={700} size="xl">
                  {f.counts[g]}
                </Text>
              </Paper>
            ))}
          </SimpleGrid>
          {FOLLOW_UP_GROUPS.filter((g) => f.counts[g] > 0).map((g) => (
            <Stack key={g} gap="xs">
              <Title order={2} size="h4">
                {t(`meetings.groups.${g}`)} ({f.counts[g]})
              </Title>
              {f.groups[g].map((r) => (
                <RecommendationCard key={r.id} rec={r} showMeeting={!meetingId} />
              ))}
            </Stack>
          ))}
        </>
      )}
    </Stack>
  );
}
