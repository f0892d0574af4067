/**
 * TLP 2.0 marks (FIRST): the label in its colour on black, as the standard prints it — RED #FF2B2B,
 * AMBER #FFC000, GREEN #33FF00, CLEAR white. The name is always written out (colour is never the only cue).
 */
import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Tlp } from '../../api/exchange.types.ts';
import { tlpKey } from '../../lib/exchange-labels.ts';

export const TLP_COLORS: Record<Tlp, string> = { RED: '#FF2B2B', 'AMBER+STRICT': '#FFC000', AMBER: '#FFC000', GREEN: '#33FF00', CLEAR: '#FFFFFF' };

export function TlpBadge({ tlp, size = 'md' }: { tlp: Tlp; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <Badge size={size} radius="xs" styles={{ root: { background: '#000', color: TLP_COLORS[tlp], textTransform: 'none', fontFamily: 'monospace' } }} data-tlp={tlp}>
      TLP:{tlp}
    </Badge>
  );
}

/** The banner at the top of a warning or request: the mark and what it allows the reader to do with it. */
export function TlpBanner({ tlp }: { tlp: Tlp }) {
  const { t } = useTranslation();
  return (
    <Paper p="sm" radius="sm" style={{ background: '#000', color: TLP_COLORS[tlp] }} role="note" aria-label={t('exchange.tlp.bannerLabel')} data-testid="tlp-banner">
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <Text fw={700} ff="monospace" size="lg" style={{ color: TLP_COLORS[tlp], whiteSpace: 'nowrap' }}>
          TLP:{tlp}
        </Text>
        <Stack gap={0}>
          <Text size="sm" style={{ color: '#fff' }}>
            {t(`exchange.tlp.rule.${tlpKey(tlp)}`)}
          </Text>
        </Stack>
      </Group>
    </Paper>
  );
}
