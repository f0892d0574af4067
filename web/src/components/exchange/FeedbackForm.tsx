import { Button, Group, SegmentedControl, Select, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { exchangeKeys, warningsApi } from '../../api/exchange.ts';
import type { FeedbackAction, FeedbackResult, FeedbackStatus } from '../../api/exchange.types.ts';
import { applyFieldError } from '../../lib/errors.ts';
import { feedbackActionOptions, feedbackResultOptions } from '../../lib/exchange-labels.ts';
import { ErrorAlert } from '../ErrorAlert.tsx';

interface Values {
  status: FeedbackStatus;
  action: FeedbackAction | null;
  result: FeedbackResult;
  notes: string;
}

/** A receiving unit's answer: received (acknowledged), or action taken with its result; "no action" needs a reason. */
export function FeedbackForm({ warningId }: { warningId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: { status: 'acknowledged', action: null, result: 'pending', notes: '' },
    validate: {
      action: (v, values) => (values.status === 'actioned' && !v ? t('exchange.feedback.actionRequired') : null),
      notes: (v, values) => (values.status === 'actioned' && values.action === 'none' && !v.trim() ? t('exchange.feedback.whyNone') : null),
    },
  });
  const send = useMutation({
    mutationFn: (v: Values) =>
      warningsApi.feedback(warningId, {
        status: v.status,
        ...(v.status === 'actioned' && v.action ? { action: v.action, result: v.result } : {}),
        ...(v.notes.trim() ? { notes: v.notes.trim() } : {}),
      }),
    onSuccess: async () => {
      form.reset();
      await queryClient.invalidateQueries({ queryKey: exchangeKeys.warning(warningId) });
      await queryClient.invalidateQueries({ queryKey: exchangeKeys.warningsAll });
    },
    onError: (e) => applyFieldError(e, form.setFieldError, ['status', 'action', 'result', 'notes']),
  });
  const actioned = form.values.status === 'actioned';
  return (
    <form onSubmit={form.onSubmit((v) => send.mutate(v))} noValidate aria-label={t('exchange.feedback.title')} data-testid="feedback-form">
      <Stack gap="sm">
        <ErrorAlert error={send.error} />
        {send.isSuccess && (
          <Text size="sm" c="teal.8" role="status">
            {t('exchange.feedback.sent')}
          </Text>
        )}
        <SegmentedControl
          aria-label={t('exchange.feedback.status')}
          data={[
            { value: 'acknowledged', label: t('exchange.feedbackStatuses.acknowledged') },
            { value: 'actioned', label: t('exchange.feedbackStatuses.actioned') },
          ]}
          {...form.getInputProps('status')}
        />
        {actioned && (
          <Group gap="sm" wrap="wrap" align="flex-start">
            <Select label={t('exchange.feedback.action')} data={feedbackActionOptions(t)} required w={240} {...form.getInputProps('action')} />
            <Select label={t('exchange.feedback.result')} data={feedbackResultOptions(t)} allowDeselect={false} w={240} {...form.getInputProps('result')} />
          </Group>
        )}
        <Textarea label={t('exchange.feedback.notes')} autosize minRows={2} maxRows={8} maxLength={5000} {...form.getInputProps('notes')} />
        <Group justify="flex-end">
          <Button type="submit" loading={send.isPending}>
            {t('exchange.feedback.send')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
