import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { exchangeKeys, warningsApi } from '../../api/exchange.ts';
import type { Recipient, Tlp } from '../../api/exchange.types.ts';
import { isApiError } from '../../api/client.ts';
import { exchangeError, forwardScope, tlpKey } from '../../lib/exchange-labels.ts';
import { ErrorAlert } from '../ErrorAlert.tsx';
import { completeRecipients, RecipientsPicker } from './RecipientsPicker.tsx';

/** Forward a received warning to other countries or units, within its TLP's re-sharing rule (checked again by the server). */
export function ForwardModal({ warningId, tlp, myCountry, onClose }: { warningId: string; tlp: Tlp; myCountry: string; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const scope = forwardScope(tlp);
  const [recipients, setRecipients] = useState<Recipient[]>([{ country: scope === 'own_country' ? myCountry : '', unitId: null }]);
  const [note, setNote] = useState('');
  const send = useMutation({
    mutationFn: () => warningsApi.forward(warningId, { recipients: completeRecipients(recipients), ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: async (copy) => {
      await queryClient.invalidateQueries({ queryKey: exchangeKeys.warningsAll });
      onClose();
      void navigate(`/warnings/${copy.id}`);
    },
  });
  // A refused forward names the rule (TLP_FORWARD_REFUSED, shown as an alert); other recipient errors are shown at the recipients.
  const fieldError = send.error && isApiError(send.error) && send.error.code !== 'TLP_FORWARD_REFUSED' && send.error.field?.startsWith('recipients') ? send.error.message : null;
  return (
    <Modal opened onClose={onClose} title={t('exchange.forward.title')} size="lg">
      <Stack gap="sm">
        <Alert color={scope === 'never' ? 'red' : 'blue'} variant="light" data-testid="forward-rule">
          {t(`exchange.tlp.forward.${tlpKey(tlp)}`)}
        </Alert>
        <ErrorAlert error={fieldError ? null : exchangeError(t, send.error)} />
        {scope !== 'never' && (
          <>
            <RecipientsPicker value={recipients} onChange={setRecipients} error={fieldError} countries={scope === 'own_country' ? [myCountry] : undefined} />
            <Textarea label={t('exchange.forward.note')} autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={2000} />
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          {scope !== 'never' && (
            <Button onClick={() => send.mutate()} loading={send.isPending} disabled={completeRecipients(recipients).length === 0}>
              {t('exchange.forward.send')}
            </Button>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {t('exchange.forward.audited')}
        </Text>
      </Stack>
    </Modal>
  );
}
