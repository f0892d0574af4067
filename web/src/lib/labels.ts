/** Translated labels for API enums and localised names of directory records. */
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { AgencyKind, Country, Role, UnitKind } from '../api/types.ts';
import { ROLES, UNIT_KINDS } from '../api/types.ts';
import { useCountries } from '../api/queries.ts';

export const roleLabel = (t: TFunction, role: Role) => t(`roles.${role}`);
export const unitKindLabel = (t: TFunction, kind: UnitKind) => t(`unitKinds.${kind}`);
export const agencyKindLabel = (t: TFunction, kind: AgencyKind) => t(`agencyKinds.${kind}`);

export const roleOptions = (t: TFunction, roles: readonly Role[] = ROLES) => roles.map((r) => ({ value: r, label: roleLabel(t, r) }));
export const unitKindOptions = (t: TFunction) => UNIT_KINDS.map((k) => ({ value: k, label: unitKindLabel(t, k) }));

export const AUDIT_PREFIXES = ['auth', 'token', 'user', 'agency', 'unit', 'import', 'consignments', 'settings', 'system'] as const;

/** "auth" → "Logins and 2FA"; prefixes of newer event types are shown as they are. */
export function auditPrefixLabel(t: TFunction, i18nExists: (key: string) => boolean, prefix: string): string {
  const key = `audit.prefixes.${prefix}`;
  return i18nExists(key) ? (t as unknown as (k: string) => string)(key) : prefix;
}

/** "auth.login" → "Logged in"; unknown types (newer server) are shown as they are. */
export function auditTypeLabel(t: TFunction, i18nExists: (key: string) => boolean, type: string): string {
  const key = `auditTypes.${type}`;
  return i18nExists(key) ? (t as unknown as (k: string) => string)(key) : type;
}

export function entityTypeLabel(t: TFunction, i18nExists: (key: string) => boolean, type: string): string {
  const key = `entityTypes.${type}`;
  return i18nExists(key) ? (t as unknown as (k: string) => string)(key) : type;
}

export function localName(lang: string, item: { name: string; nameRu: string | null }): string {
  return lang === 'ru' && item.nameRu ? item.nameRu : item.name;
}

export function countryName(lang: string, c: Pick<Country, 'nameEn' | 'nameRu'>): string {
  return lang === 'ru' ? c.nameRu : c.nameEn;
}

/** Country names in the UI language, plus select options (network members first). */
export function useCountryNames() {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const { data } = useCountries();
  const byIso = useMemo(() => new Map((data ?? []).map((c) => [c.iso2, c])), [data]);
  const name = useCallback((iso2: string | null | undefined) => {
    if (!iso2) return '';
    const c = byIso.get(iso2);
    return c ? countryName(lang, c) : iso2;
  }, [byIso, lang]);
  const sorted = useMemo(() => sortCountries(data ?? [], lang), [data, lang]);
  const memberOptions = useMemo(() => sorted.filter((c) => c.member).map((c) => ({ value: c.iso2, label: countryName(lang, c) })), [sorted, lang]);
  return { name, countries: sorted, memberOptions, loaded: !!data };
}

export function sortCountries(list: Country[], lang: string): Country[] {
  const collator = new Intl.Collator(lang);
  return [...list].sort((a, b) => (a.member === b.member ? collator.compare(countryName(lang, a), countryName(lang, b)) : a.member ? -1 : 1));
}
