import { Alert, Radio, Select, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useGroups } from '../../api/exchange.ts';
import { DISTRIBUTIONS, TLP_LEVELS, type Distribution, type Recipient, type Tlp } from '../../api/exchange.types.ts';
import { distributionLabel, tlpAllows, tlpKey } from '../../lib/exchange-labels.ts';
import { RecipientsPicker } from './RecipientsPicker.tsx';
import { TLP_COLORS } from './Tlp.tsx';

export interface DistributionValue {
  tlp: Tlp;
  distribution: Distribution;
  recipients: Recipient[];
  groupId: string | null;
}

/**
 * Who receives a message and its TLP 2.0 marking, with each rule explained where it is chosen: RED goes to
 * named units only, AMBER and AMBER+STRICT never network-wide. The server checks the same rules.
 */
export function DistributionFields({ value, onChange, errors }: { value: DistributionValue; onChange: (v: DistributionValue) => void; errors: Partial<Record<'tlp' | 'distribution' | 'recipients' | 'groupId', React.ReactNode>> }) {
  const { t } = useTranslation();
  const groups = useGroups(value.distribution === 'group');
  const namedUnits = value.recipients.filter((r) => r.country && r.unitId).length;
  const allowed = tlpAllows(value.tlp, value.distribution, namedUnits);
  const set = (patch: Partial<DistributionValue>) => onChange({ ...value, ...patch });
  return (
    <Stack gap="md">
      <Radio.Group label={t('exchange.form.distribution')} value={value.distribution} onChange={(v) => set({ distribution: v as Distribution })} error={errors.distribution}>
        <Stack gap={6} mt={6}>
          {DISTRIBUTIONS.map((d) => (
            <Radio key={d} value={d} label={distributionLabel(t, d)} description={t(`exchange.distributionHints.${d}`)} />
          ))}
        </Stack>
      </Radio.Group>
      {value.distribution === 'named' && <RecipientsPicker value={value.recipients} onChange={(recipients) => set({ recipients })} error={errors.recipients} />}
      {value.distribution === 'group' && (
        <Select
          label={t('exchange.form.group')}
          data={(groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
          value={value.groupId}
          onChange={(groupId) => set({ groupId })}
          error={errors.groupId}
          nothingFoundMessage={t('exchange.groups.empty')}
          required
          w={400}
        />
      )}
      <Radio.Group label={t('exchange.form.tlp')} value={value.tlp} onChange={(v) => set({ tlp: v as Tlp })} error={errors.tlp}>
        <Stack gap={6} mt={6}>
          {TLP_LEVELS.map((l) => (
            <Radio
              key={l}
              value={l}
              label={
                <Text span ff="monospace" fw={700} px={6} style={{ background: '#000', color: TLP_COLORS[l], borderRadius: 2 }}>
                  TLP:{l}
                </Text>
              }
              description={t(`exchange.tlp.rule.${tlpKey(l)}`)}
            />
          ))}
        </Stack>
      </Radio.Group>
      {!allowed && (
        <Alert color="orange" variant="light" data-testid="tlp-conflict">
          {value.tlp === 'RED' ? t('exchange.tlp.conflictRed') : t('exchange.tlp.conflictNetwork', { tlp: `TLP:${value.tlp}` })}
        </Alert>
      )}
    </Stack>
  );
}
