import { useTranslation } from 'react-i18next';
import { useSeizureTaxonomy } from '../../api/queries.ts';

/** Commodity code → label in the UI language (from the seizure taxonomy the server serves). */
export function useCommodityLabel(): (code: string) => string {
  const { i18n } = useTranslation();
  const taxonomy = useSeizureTaxonomy();
  return (code: string) => {
    const c = taxonomy.data?.commodities.find((x) => x.code === code);
    return c ? (i18n.language === 'ru' ? c.label.ru : c.label.en) : code;
  };
}

/** Who may create operations: unit heads (their unit coordinates) and national coordinators. */
export function canCreateOperations(role: string): boolean {
  return role === 'unit_head' || role === 'national_coordinator';
}
