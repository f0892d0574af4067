import { Button, Group } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Decision, Lane } from '../api/types.ts';
import { DecisionModal } from './DecisionModal.tsx';
import { InspectionModal } from './InspectionModal.tsx';

/** Target / Release / Refer to partner / Record inspection result for one consignment (shown when the user may decide). */
export function RiskActions({ consignment, suggestedLane, size = 'xs' }: { consignment: { id: string; documentNumber: string }; suggestedLane: Lane | null; size?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [inspecting, setInspecting] = useState(false);
  const doc = consignment.documentNumber;
  return (
    <>
      <Group gap={6} wrap="wrap" role="group" aria-label={t('queue.actionsFor', { document: doc })}>
        <Button size={size} color="red" variant="light" onClick={() => setDeciding('target')} aria-label={t('queue.targetAction', { document: doc })}>
          {t('queue.target')}
        </Button>
        <Button size={size} color="teal" variant="light" onClick={() => setDeciding('release')} aria-label={t('queue.releaseAction', { document: doc })}>
          {t('queue.release')}
        </Button>
        <Button size={size} color="violet" variant="light" onClick={() => setDeciding('refer')} aria-label={t('queue.referAction', { document: doc })}>
          {t('queue.refer')}
        </Button>
        <Button size={size} variant="default" onClick={() => setInspecting(true)} aria-label={t('queue.inspectAction', { document: doc })}>
          {t('queue.inspect')}
        </Button>
      </Group>
      {deciding && <DecisionModal consignment={consignment} initial={deciding} suggestedLane={suggestedLane} onClose={() => setDeciding(null)} />}
      {inspecting && <InspectionModal consignment={consignment} onClose={() => setInspecting(false)} />}
    </>
  );
}
