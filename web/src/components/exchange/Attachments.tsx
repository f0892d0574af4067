import { Anchor, Button, FileInput, Group, List, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { exchangeKeys, warningsApi } from '../../api/exchange.ts';
import type { Attachment } from '../../api/exchange.types.ts';
import { exchangeError } from '../../lib/exchange-labels.ts';
import { formatBytes, formatDateTime } from '../../lib/format.ts';
import { ErrorAlert } from '../ErrorAlert.tsx';

const ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf';

/** A warning's files: download for everyone who sees the warning (each download is audited), upload for the sender. */
export function Attachments({ warningId, attachments, canAttach }: { warningId: string; attachments: Attachment[]; canAttach: boolean }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: (f: File) => warningsApi.attach(warningId, f),
    onSuccess: async () => {
      setFile(null);
      await queryClient.invalidateQueries({ queryKey: exchangeKeys.warning(warningId) });
    },
  });
  return (
    <Stack gap="sm" data-testid="attachments">
      {attachments.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('exchange.attachments.none')}
        </Text>
      ) : (
        <List spacing={4} size="sm">
          {attachments.map((a) => (
            <List.Item key={a.id}>
              <Anchor href={warningsApi.attachmentUrl(warningId, a.id)} download={a.filename} size="sm">
                {a.filename}
              </Anchor>{' '}
              <Text span size="xs" c="dimmed">
                {a.contentType} · {formatBytes(a.size, i18n.language)} · {formatDateTime(a.createdAt, i18n.language)}
              </Text>
            </List.Item>
          ))}
        </List>
      )}
      {canAttach && (
        <Stack gap="xs">
          <ErrorAlert error={exchangeError(t, upload.error)} />
          <Group gap="xs" align="flex-end" wrap="wrap">
            <FileInput label={t('exchange.attachments.file')} description={t('exchange.attachments.hint')} accept={ACCEPT} value={file} onChange={setFile} clearable w={320} />
            <Button onClick={() => file && upload.mutate(file)} disabled={!file} loading={upload.isPending}>
              {t('exchange.attachments.upload')}
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
