import { Badge, Group, List, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SeizureQuality } from '../../api/types.ts';

const color = (score: number) => (score >= 80 ? 'green' : score >= 50 ? 'yellow' : 'red');

/** The data-quality score of a draft (or a stored record) with what lowers it. */
export function QualityPanel({ quality }: { quality: SeizureQuality | undefined }) {
  const { t, i18n } = useTranslation();
  if (!quality) return null;
  const fieldLabel = (field: string) => {
    const key = `results.qualityPanel.fields.${field}`;
    return i18n.exists(key) ? t(key as 'results.qualityPanel.fields.items') : field;
  };
  return (
    <Paper withBorder p="md" aria-live="polite" data-testid="quality-panel">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('results.qualityPanel.title')}
          </Title>
          <Badge color={color(quality.score)} size="lg" data-testid="quality-score">
            {quality.score}
          </Badge>
        </Group>
        <Progress value={quality.score} color={color(quality.score)} aria-label={t('results.qualityPanel.score', { score: quality.score })} />
        {quality.issues.length === 0 ? (
          <Text size="sm" c="green.8">
            {t('results.qualityPanel.noIssues')}
          </Text>
        ) : (
          <List size="sm" spacing={4}>
            {quality.issues.map((i) => (
              <List.Item key={`${i.code}:${i.field}`}>
                <Badge size="xs" variant="light" color={i.code === 'missing_recommended' ? 'gray' : 'orange'} mr={6}>
                  {t(`results.qualityPanel.issues.${i.code}`)} −{i.penalty}
                </Badge>
                {i.code === 'vague_commodity' ? t('results.qualityPanel.vague', { n: Number(i.field.split('.')[1] ?? 0) + 1 }) : fieldLabel(i.field)}
              </List.Item>
            ))}
          </List>
        )}
      </Stack>
    </Paper>
  );
}
