import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Decision, Lane } from '../api/types.ts';
import { formatDecimal } from '../lib/format.ts';
import { decisionLabel, LANE_COLORS, laneLabel } from '../lib/labels.ts';

/** Red / yellow / green / blue lane, always with its name (colour is never the only cue). */
export function LaneBadge({ lane, prefix }: { lane: Lane; prefix?: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={LANE_COLORS[lane]} variant={lane === 'yellow' ? 'light' : 'filled'} data-lane={lane}>
      {prefix ? `${prefix}: ` : ''}
      {laneLabel(t, lane)}
    </Badge>
  );
}

export function scoreColor(score: number): string {
  if (score >= 70) return 'red';
  if (score >= 40) return 'orange';
  if (score >= 10) return 'yellow';
  return 'gray';
}

/** Risk score 0–100 (one decimal). */
export function ScoreBadge({ score, size = 'lg' }: { score: number; size?: 'md' | 'lg' | 'xl' }) {
  const { t, i18n } = useTranslation();
  const text = formatDecimal(score, i18n.language, 1);
  return (
    <Tooltip label={t('risk.scoreHint')}>
      <Badge color={scoreColor(score)} variant={score >= 10 ? 'filled' : 'light'} size={size} radius="sm" aria-label={t('risk.scoreAria', { score: text })} data-testid="risk-score">
        {text}
      </Badge>
    </Tooltip>
  );
}

export function qualityColor(score: number): string {
  if (score >= 80) return 'teal';
  if (score >= 50) return 'yellow';
  return 'red';
}

/** Data-quality score 0–100 of a consignment. */
export function QualityBadge({ score }: { score: number }) {
  const { t } = useTranslation();
  return (
    <Badge color={qualityColor(score)} variant="light" aria-label={t('consignments.qualityAria', { score })}>
      {score}
    </Badge>
  );
}

export function DecisionBadge({ decision, lane, random }: { decision: Decision; lane: Lane | null; random: boolean | null }) {
  const { t } = useTranslation();
  return (
    <>
      <Badge color={decision === 'release' ? 'teal' : decision === 'refer' ? 'violet' : 'dark'} variant="light">
        {decisionLabel(t, decision)}
        {decision === 'target' && lane ? ` · ${laneLabel(t, lane)}` : ''}
      </Badge>
      {random && (
        <Tooltip label={t('queue.randomHint')}>
          <Badge color="grape" variant="outline">
            {t('queue.random')}
          </Badge>
        </Tooltip>
      )}
    </>
  );
}
