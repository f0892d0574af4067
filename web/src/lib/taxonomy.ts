/** Labels of the seizure taxonomy (served by the API with en + ru labels) in the UI language. */
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSeizureTaxonomy } from '../api/queries.ts';
import type { LabelPair, SeizureTaxonomy } from '../api/types.ts';

type Kind = 'commodities' | 'units' | 'concealment' | 'detection' | 'transport';

export function useTaxonomyLabels() {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'ru' ? 'ru' : 'en';
  const { data } = useSeizureTaxonomy();
  const maps = useMemo(() => {
    const m = {} as Record<Kind, Map<string, LabelPair>>;
    for (const k of ['commodities', 'units', 'concealment', 'detection', 'transport'] as const) m[k] = new Map((data?.[k] ?? []).map((x) => [x.code, x.label]));
    return m;
  }, [data]);
  const label = useCallback((kind: Kind, code: string | null | undefined) => (code ? (maps[kind].get(code)?.[lang] ?? code) : ''), [maps, lang]);
  const options = useCallback((kind: Kind) => (data?.[kind] ?? []).map((x: SeizureTaxonomy[Kind][number]) => ({ value: x.code, label: x.label[lang] })), [data, lang]);
  return { taxonomy: data, label, options, lang };
}
