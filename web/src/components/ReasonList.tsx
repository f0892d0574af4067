import { Anchor, Box, Group, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { MODEL_EXPLAIN_KEYS, type ModelContribution, type ModelExplainKey, type RiskReason } from '../api/types.ts';
import { formatDecimal, formatPercent } from '../lib/format.ts';
import { LaneBadge } from './RiskBadges.tsx';

function Weight({ weight }: { weight: number }) {
  const { t, i18n } = useTranslation();
  return (
    <Text span size="xs" c="dimmed" className="nowrap">
      {t('risk.weightShort', { weight: formatDecimal(weight, i18n.language, 1) })}
    </Text>
  );
}

/** A model contribution in plain words; a key this UI does not know shows the feature's name. */
function ContributionText({ c }: { c: ModelContribution }) {
  const { t, i18n } = useTranslation();
  const params: Record<string, unknown> = Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, typeof v === 'number' ? formatDecimal(v, i18n.language, Number.isInteger(v) ? 0 : 2) : v]));
  const known = (MODEL_EXPLAIN_KEYS as readonly string[]).includes(c.key);
  return (
    <>
      <span aria-hidden className={c.contribution > 0 ? 'model-up' : 'model-down'}>
        {c.contribution > 0 ? '▲' : '▼'}{' '}
      </span>
      {known ? t(`model.explain.${c.key as ModelExplainKey}`, params) : c.feature}{' '}
      <Text span size="xs" c="dimmed">
        ({c.contribution > 0 ? t('model.raises') : t('model.lowers')})
      </Text>
    </>
  );
}

function Reason({ r, linkProfiles }: { r: RiskReason; linkProfiles: boolean }) {
  const { t, i18n } = useTranslation();
  switch (r.kind) {
    case 'profile':
      return (
        <Stack gap={2}>
          <Group gap={6} wrap="wrap">
            <LaneBadge lane={r.lane} />
            {linkProfiles ? (
              <Anchor component={Link} to={`/risk/profiles/${r.profileId}`} size="sm" fw={600}>
                {r.name}
              </Anchor>
            ) : (
              <Text span size="sm" fw={600}>
                {r.name}
              </Text>
            )}
            <Text span size="xs" c="dimmed">
              {t('risk.versionShort', { version: r.version })}
            </Text>
            <Weight weight={r.weight} />
          </Group>
          <Text size="sm">{r.reason}</Text>
          <Text size="sm">
            <Text span fw={600} size="sm">
              {t('risk.instruction')}:{' '}
            </Text>
            {r.instruction}
          </Text>
          {r.conditions.length > 0 && (
            <details className="json-details">
              <summary>{t('risk.conditions', { count: r.conditions.length })}</summary>
              <List size="xs" spacing={2} mt={4}>
                {r.conditions.map((c, i) => (
                  <List.Item key={i} className="mono">
                    {c}
                  </List.Item>
                ))}
              </List>
            </details>
          )}
        </Stack>
      );
    case 'watchlist':
      return (
        <Stack gap={2}>
          <Group gap={6} wrap="wrap">
            <LaneBadge lane={r.lane} />
            <Text span size="sm" fw={600}>
              {t('risk.watchlistHit', { list: r.watchlistName })}
            </Text>
            <Weight weight={r.weight} />
          </Group>
          <Text size="sm">
            {t('risk.watchlistMatch', { on: t(`risk.on.${r.on}`), value: r.value, matched: r.matchedName, score: formatPercent(r.matchScore, i18n.language) })}
          </Text>
        </Stack>
      );
    case 'model':
      return (
        <Stack gap={2}>
          <Group gap={6} wrap="wrap">
            <Anchor component={Link} to="/risk/models" size="sm" fw={600}>
              {t('model.reason', { version: r.version, probability: formatPercent(r.probability, i18n.language) })}
            </Anchor>
            <Weight weight={r.weight} />
          </Group>
          {r.contributions.length > 0 && (
            <List size="sm" spacing={2} data-testid="model-contributions">
              {r.contributions.map((c, i) => (
                <List.Item key={i}>
                  <ContributionText c={c} />
                </List.Item>
              ))}
            </List>
          )}
        </Stack>
      );
    case 'data_quality':
      return (
        <Stack gap={2}>
          <Group gap={6} wrap="wrap">
            <Text span size="sm" fw={600}>
              {t('risk.dataQuality', { score: r.score })}
            </Text>
            <Weight weight={r.weight} />
          </Group>
          {r.flags.length > 0 && (
            <Text size="xs" c="dimmed" className="mono">
              {r.flags.join(', ')}
            </Text>
          )}
        </Stack>
      );
  }
}

/** The reasons behind a risk score, strongest first (the server sorts them); `max` shows only the top ones. */
export function ReasonList({ reasons, max, linkProfiles = true }: { reasons: RiskReason[]; max?: number; linkProfiles?: boolean }) {
  const { t } = useTranslation();
  if (reasons.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('risk.noReasons')}
      </Text>
    );
  }
  const shown = max ? reasons.slice(0, max) : reasons;
  return (
    <Box component="ul" className="plain-list reason-list" aria-label={t('risk.reasons')}>
      {shown.map((r, i) => (
        <li key={i} data-reason-kind={r.kind}>
          <Reason r={r} linkProfiles={linkProfiles} />
        </li>
      ))}
      {max && reasons.length > max && (
        <li>
          <Text size="xs" c="dimmed">
            {t('risk.moreReasons', { count: reasons.length - max })}
          </Text>
        </li>
      )}
    </Box>
  );
}
