import { Button, Group, Modal, Radio, Select, Stack, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { targetingApi } from '../api/endpoints.ts';
import { keys } from '../api/queries.ts';
import type { InspectionMethod, InspectionOutcome } from '../api/types.ts';
import { INSPECTION_OUTCOMES } from '../api/types.ts';
import { methodOptions, outcomeLabel } from '../lib/labels.ts';
import { ErrorAlert } from './ErrorAlert.tsx';

interface Values {
  method: InspectionMethod | null;
  outcome: InspectionOutcome | null;
  notes: string;
}

/** Records what an inspection found: POST /consignments/:id/inspections. */
export function InspectionModal({ consignment, onClose }: { consignment: { id: string; documentNumber: string }; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: { method: null, outcome: null, notes: '' },
    validate: {
      method: (v) => (v ? null : t('validation.required')),
      outcome: (v) => (v ? null : t('validation.required')),
    },
  });
  const save = useMutation({
    mutationFn: (v: Values) => targetingApi.recordInspection(consignment.id, { method: v.method!, outcome: v.outcome!, notes: v.notes.trim() || undefined }),
    onSuccess: async (r) => {
      notifications.show({ color: 'teal', message: t('inspection.saved', { document: consignment.documentNumber, outcome: outcomeLabel(t, r.outcome) }) });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.queueAll }),
        queryClient.invalidateQueries({ queryKey: keys.consignmentRisk(consignment.id) }),
        queryClient.invalidateQueries({ queryKey: keys.profilesAll }),
      ]);
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={t('inspection.title', { document: consignment.documentNumber })} size="lg">
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={save.error} />
          <Select label={t('inspection.method')} data={methodOptions(t)} required allowDeselect={false} {...form.getInputProps('method')} />
          <Radio.Group label={t('inspection.outcome')} required {...form.getInputProps('outcome')}>
            <Group mt={6} gap="lg">
              {INSPECTION_OUTCOMES.map((o) => (
                <Radio key={o} value={o} label={outcomeLabel(t, o)} />
              ))}
            </Group>
          </Radio.Group>
          <Textarea label={t('inspection.notes')} autosize minRows={3} maxRows={8} maxLength={5000} {...form.getInputProps('notes')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('inspection.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
