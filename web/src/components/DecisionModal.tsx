import { Alert, Button, Group, Modal, SegmentedControl, Select, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { targetingApi } from '../api/endpoints.ts';
import { keys } from '../api/queries.ts';
import type { Decision, Lane } from '../api/types.ts';
import { DECISIONS } from '../api/types.ts';
import { decisionLabel, laneOptions } from '../lib/labels.ts';
import { useMe } from '../auth/session.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';
import { canWriteWarnings } from './exchange/access.ts';

const TARGET_LANES: Lane[] = ['red', 'yellow', 'blue'];

interface Values {
  decision: Decision;
  lane: Lane;
  comment: string;
}

/** Target (in a lane), release or refer a consignment, with a comment: POST /consignments/:id/decision. */
export function DecisionModal({ consignment, initial, suggestedLane, onClose }: { consignment: { id: string; documentNumber: string }; initial: Decision; suggestedLane: Lane | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const me = useMe();
  const form = useForm<Values>({
    initialValues: { decision: initial, lane: suggestedLane && suggestedLane !== 'green' ? suggestedLane : 'red', comment: '' },
  });
  const save = useMutation({
    mutationFn: (v: Values) => targetingApi.decide(consignment.id, { decision: v.decision, lane: v.decision === 'target' ? v.lane : undefined, comment: v.comment.trim() || undefined }),
    onSuccess: async (d) => {
      notifications.show({ color: 'teal', message: t('decision.saved', { document: consignment.documentNumber, decision: decisionLabel(t, d.decision) }) });
      await Promise.all([queryClient.invalidateQueries({ queryKey: keys.queueAll }), queryClient.invalidateQueries({ queryKey: keys.consignmentRisk(consignment.id) })]);
      onClose();
      // Referring continues in the warning form, pre-filled from the consignment.
      if (d.decision === 'refer' && canWriteWarnings(me)) void navigate(`/warnings/new?consignment=${encodeURIComponent(consignment.id)}`);
    },
  });
  const { decision } = form.values;
  return (
    <Modal opened onClose={onClose} title={t('decision.title', { document: consignment.documentNumber })} size="lg">
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={save.error} />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="decision-label">
              {t('decision.decision')}
            </Text>
            <SegmentedControl
              aria-labelledby="decision-label"
              data={DECISIONS.map((d) => ({ value: d, label: decisionLabel(t, d) }))}
              {...form.getInputProps('decision')}
            />
          </Stack>
          {decision === 'target' && <Select label={t('decision.lane')} data={laneOptions(t, TARGET_LANES)} allowDeselect={false} {...form.getInputProps('lane')} />}
          {decision === 'refer' && (
            <Alert color="blue" variant="light">
              {t('decision.referNote')}
            </Alert>
          )}
          {decision === 'release' && (
            <Text size="sm" c="dimmed">
              {t('decision.releaseNote')}
            </Text>
          )}
          <Textarea label={t('decision.comment')} autosize minRows={2} maxRows={6} maxLength={2000} {...form.getInputProps('comment')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('decision.save', { decision: decisionLabel(t, decision) })}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
